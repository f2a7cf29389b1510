/**
 * The Describe… modal: the form's answers as Block Kit inputs whose block ids are the form's field
 * names (`title`, `creators.0.orcid`), so the service's field errors land next to their field.
 * Lists that would take a block per entry (keywords, funding, related identifiers) are one
 * multi-line input each, one entry a line; creators take three inputs each, at most
 * `CREATORS_PER_MODAL` of them, so the largest record stays within Slack's 100 blocks.
 */
import { RESOURCE_TYPE_GENERAL } from '../../domain/metadata/controlledLists.js';
import {
  type DescribeAnswers,
  displayName,
  ELSEWHERE,
  type FieldErrors,
  OTHER_LICENCE,
} from '../../domain/metadata/describeForm.js';
import { LICENCES } from '../../domain/metadata/licences.js';
import { ACTION, FIELD, VIEW } from './actionIds.js';
import { type Block, context, LIMITS, plainText, section, truncate } from './blockKit.js';

/** Creators shown as inputs; any after them are kept exactly as the file has them. */
export const CREATORS_PER_MODAL = 20;

/** What the modal carries to its submission: the folder, and how many creator rows it shows. */
export interface DescribeModalState {
  folder: string;
  creatorRows: number;
}

export const LIST_SEPARATOR = '|';

/** The modal's state when it opens: one row per creator the file has (at least one, at most a modal's worth). */
export function openingState(folder: string, answers: DescribeAnswers): DescribeModalState {
  return { folder, creatorRows: Math.min(CREATORS_PER_MODAL, Math.max(1, answers.creators.length)) };
}

export const DESCRIBE_FIELD = {
  title: 'title',
  publisher: 'publisher',
  publicationYear: 'publicationYear',
  resourceTypeGeneral: 'resourceTypeGeneral',
  resourceType: 'resourceType',
  description: 'description',
  subjects: 'subjects',
  licence: 'licence',
  otherRights: 'otherRights',
  otherRightsUri: 'otherRightsUri',
  funding: 'funding',
  language: 'language',
  version: 'version',
  relatedIdentifiers: 'relatedIdentifiers',
} as const;

export const creatorField = (index: number, part: 'name' | 'orcid' | 'affiliation') => `creators.${index}.${part}`;

/** The most a plain_text_input holds. */
const INPUT_CHARS = 3000;

function textInput(
  blockId: string,
  label: string,
  value: string,
  options: { multiline?: boolean; hint?: string; maxLength?: number } = {},
): Block {
  // Cut text would be saved cut: a value too long to edit here is shown as kept, and kept.
  if (value.length > (options.maxLength ?? INPUT_CHARS)) {
    return context(
      `*${label}*: too long to edit here (${value.length} characters); kept exactly as datacite.json has it.`,
    );
  }
  return {
    type: 'input',
    block_id: blockId,
    optional: true,
    label: plainText(label),
    ...(options.hint && { hint: plainText(options.hint) }),
    element: {
      type: 'plain_text_input',
      action_id: blockId,
      ...(options.multiline && { multiline: true }),
      max_length: options.maxLength ?? (options.multiline ? INPUT_CHARS : 1000),
      ...(value !== '' && { initial_value: value }),
    },
  };
}

function selectInput(
  blockId: string,
  label: string,
  choices: readonly { value: string; text: string }[],
  value: string,
): Block {
  const options = choices.slice(0, LIMITS.optionsPerSelect).map((choice) => ({
    text: plainText(choice.text, LIMITS.optionText),
    value: choice.value,
  }));
  const initial = options.find((option) => option.value === value);
  return {
    type: 'input',
    block_id: blockId,
    optional: true,
    label: plainText(label),
    element: { type: 'static_select', action_id: blockId, options, ...(initial && { initial_option: initial }) },
  };
}

function creatorBlocks(answers: DescribeAnswers, rows: number): Block[] {
  return Array.from({ length: rows }, (_, index) => {
    const creator = answers.creators[index];
    return [
      textInput(creatorField(index, 'name'), `Creator ${index + 1}: name`, creator ? displayName(creator) : '', {
        hint: 'A person as "Family, Given"; or an organisation\'s name',
      }),
      textInput(creatorField(index, 'orcid'), `Creator ${index + 1}: ORCID iD`, creator?.orcid ?? '', {
        hint: 'e.g. 0000-0002-1825-0097 (checked before saving)',
      }),
      textInput(creatorField(index, 'affiliation'), `Creator ${index + 1}: affiliation`, creator?.affiliation ?? ''),
    ];
  }).flat();
}

/** Multi-line text for a list: one entry a line, its parts separated by `|`. */
export function listText(rows: readonly (readonly string[])[]): string {
  return rows.map((parts) => parts.join(` ${LIST_SEPARATOR} `)).join('\n');
}

export function describeModal(
  form: { folderLabel: string; answers: DescribeAnswers; errors?: FieldErrors },
  state: DescribeModalState,
): Block {
  const { answers } = form;
  const problems = Object.values(form.errors ?? {}).reduce((sum, messages) => sum + messages.length, 0);
  const hiddenCreators = Math.max(0, answers.creators.length - state.creatorRows);
  const blocks: Block[] = [
    section(
      `Describe \`${truncate(form.folderLabel, 500)}\`: pidbot writes its \`datacite.json\`. Parts of the file this form does not show are kept as they are.`,
    ),
    ...(problems > 0
      ? [
          context(
            `:warning: The folder's \`datacite.json\` has ${problems} problem(s) now; *Save* shows each next to its field.`,
          ),
        ]
      : []),
    textInput(DESCRIBE_FIELD.title, 'Title', answers.title, { maxLength: 1000 }),
    ...creatorBlocks(answers, state.creatorRows),
    ...(hiddenCreators > 0
      ? [context(`${hiddenCreators} more creator(s) after these are kept exactly as datacite.json has them.`)]
      : []),
    ...(state.creatorRows < CREATORS_PER_MODAL
      ? [
          {
            type: 'actions',
            block_id: 'creators_rows',
            elements: [
              {
                type: 'button',
                action_id: ACTION.describeAddCreator,
                text: plainText('Add a creator', LIMITS.buttonText),
              },
            ],
          },
        ]
      : []),
    context('To remove a creator, clear their name, ORCID iD and affiliation.'),
    textInput(DESCRIBE_FIELD.publisher, 'Publisher', answers.publisher),
    textInput(DESCRIBE_FIELD.publicationYear, 'Publication year', answers.publicationYear, { maxLength: 4 }),
    selectInput(
      DESCRIBE_FIELD.resourceTypeGeneral,
      'Resource type',
      RESOURCE_TYPE_GENERAL.map((type) => ({ value: type, text: type })),
      answers.resourceTypeGeneral,
    ),
    textInput(DESCRIBE_FIELD.resourceType, 'Resource type, in your words', answers.resourceType),
    textInput(DESCRIBE_FIELD.description, 'Description (abstract)', answers.description, { multiline: true }),
    textInput(DESCRIBE_FIELD.subjects, 'Keywords', answers.subjects.join('\n'), {
      multiline: true,
      hint: 'One keyword a line',
    }),
    selectInput(
      DESCRIBE_FIELD.licence,
      'Licence',
      [
        ...LICENCES.map((licence) => ({ value: licence.spdx, text: `${licence.spdx}: ${licence.name}` })),
        { value: OTHER_LICENCE, text: 'Other (give it below)' },
      ],
      answers.licence,
    ),
    textInput(DESCRIBE_FIELD.otherRights, 'Other licence or rights statement', answers.otherRights),
    textInput(DESCRIBE_FIELD.otherRightsUri, 'Other licence URL', answers.otherRightsUri),
    textInput(
      DESCRIBE_FIELD.funding,
      'Funding',
      listText(answers.funding.map((row) => [row.funderName, row.awardNumber])),
      { multiline: true, hint: 'One award a line: funder name | award number' },
    ),
    textInput(DESCRIBE_FIELD.language, 'Language', answers.language, {
      hint: 'A language code, e.g. en',
      maxLength: 35,
    }),
    textInput(DESCRIBE_FIELD.version, 'Version', answers.version),
    textInput(
      DESCRIBE_FIELD.relatedIdentifiers,
      'Related works',
      listText(
        answers.relatedIdentifiers.map((row) => [row.relationType, row.relatedIdentifierType, row.relatedIdentifier]),
      ),
      {
        multiline: true,
        hint: 'One a line: relation | identifier type | identifier, e.g. IsSupplementTo | DOI | 10.1234/abc',
      },
    ),
  ];
  return {
    type: 'modal',
    callback_id: VIEW.describe,
    private_metadata: JSON.stringify(state),
    title: plainText('Describe your data', LIMITS.modalTitle),
    submit: plainText('Save'),
    close: plainText('Cancel'),
    blocks,
  };
}

/** Slack shows at most this many characters of a field's error. */
const FIELD_ERROR_CHARS = 2000;

/**
 * Field errors keyed by the modal's block ids. Problems about a part the modal does not show (a
 * creator after the shown rows, or a property the form does not cover) go under the title, with
 * where they are.
 */
export function describeErrors(errors: FieldErrors, state: DescribeModalState): Record<string, string> {
  const byBlock: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(errors)) {
    const [block, prefix] = blockFor(field, state);
    byBlock[block] = [...(byBlock[block] ?? []), ...messages.map((message) => `${prefix}${message}`)];
  }
  return Object.fromEntries(
    Object.entries(byBlock).map(([block, lines]) => [block, truncate(lines.join('\n'), FIELD_ERROR_CHARS)]),
  );
}

function blockFor(field: string, state: DescribeModalState): [string, string] {
  const creator = /^creators\.(\d+)\.(name|orcid|affiliation)$/.exec(field);
  if (creator) {
    const index = Number(creator[1]);
    return index < state.creatorRows ? [field, ''] : [DESCRIBE_FIELD.title, `Creator ${index + 1} (not shown here): `];
  }
  if (field === 'creators') return [state.creatorRows > 0 ? creatorField(0, 'name') : DESCRIBE_FIELD.title, ''];
  const list = /^(funding|relatedIdentifiers)\.(\d+)$/.exec(field);
  if (list?.[1]) return [list[1], `Line ${Number(list[2]) + 1}: `];
  if (field === ELSEWHERE) return [DESCRIBE_FIELD.title, 'Elsewhere in datacite.json: '];
  return Object.values(DESCRIBE_FIELD).includes(field as never) ? [field, ''] : [DESCRIBE_FIELD.title, `${field}: `];
}

/** App Home's Describe a folder…: which folder; saving it turns this modal into the form. */
export function describePickerModal(homeFolders: readonly string[]): Block {
  const options = homeFolders.slice(0, LIMITS.optionsPerSelect).map((name) => ({
    text: plainText(name, LIMITS.optionText),
    value: truncate(name, 150),
  }));
  return {
    type: 'modal',
    callback_id: VIEW.describePick,
    title: plainText('Describe a folder', LIMITS.modalTitle),
    submit: plainText('Next'),
    close: plainText('Cancel'),
    blocks: [
      ...(options.length > 0
        ? [
            selectInput(
              FIELD.folderSelect,
              'Folder in your home',
              options.map((o) => ({ value: o.value, text: o.text.text })),
              '',
            ),
          ]
        : []),
      textInput(
        FIELD.folderPath,
        options.length > 0 ? '…or a path inside your home' : 'Folder path inside your home',
        '',
        {
          hint: 'For example projects/survey-2024; curators may give staging/<name>',
          maxLength: 1024,
        },
      ),
    ],
  };
}
