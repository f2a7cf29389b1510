import type { RequestType } from '../../domain/request.js';
import { ACTION, FIELD, VIEW } from './actionIds.js';
import { type Block, context, escapeMrkdwn, LIMITS, plainText, section, truncate } from './blockKit.js';

/** `/pid request`: choose a folder in your home (or type a nested path) and a request type. */
export function requestModal(homeFolders: readonly string[], types: readonly RequestType[]): Block {
  const folderOptions = homeFolders.slice(0, LIMITS.optionsPerSelect).map((name) => ({
    text: plainText(name, LIMITS.optionText),
    value: truncate(name, 150),
  }));
  const typeOptions = types.map((t) => ({
    text: plainText(t.name, LIMITS.optionText),
    value: t.name,
    description: plainText(t.description, LIMITS.optionText),
  }));
  const blocks: Block[] = [
    section(
      'Pick the folder that holds your data and its `datacite.json`. It moves to *staging* for the curators when the request is accepted.',
    ),
  ];
  if (folderOptions.length > 0) {
    blocks.push({
      type: 'input',
      block_id: FIELD.folderSelect,
      optional: true,
      label: plainText('Folder in your home'),
      element: { type: 'static_select', action_id: FIELD.folderSelect, options: folderOptions },
    });
  }
  blocks.push({
    type: 'input',
    block_id: FIELD.folderPath,
    optional: folderOptions.length > 0,
    label: plainText(folderOptions.length > 0 ? '…or a path inside your home' : 'Folder path inside your home'),
    hint: plainText('For example projects/survey-2024'),
    element: { type: 'plain_text_input', action_id: FIELD.folderPath, max_length: 1024 },
  });
  blocks.push({
    type: 'input',
    block_id: FIELD.type,
    label: plainText('Identifier type'),
    element: {
      type: 'static_select',
      action_id: FIELD.type,
      options: typeOptions,
      ...(typeOptions.find((o) => o.value === 'DOI') && { initial_option: typeOptions.find((o) => o.value === 'DOI') }),
    },
  });
  if (homeFolders.length > LIMITS.optionsPerSelect) {
    blocks.push(
      context(
        `Only the first ${LIMITS.optionsPerSelect} of your ${homeFolders.length} folders are listed; type the path of any other.`,
      ),
    );
  }
  blocks.push({
    type: 'actions',
    block_id: 'describe_folder',
    elements: [
      {
        type: 'button',
        action_id: ACTION.describeFromRequest,
        text: plainText('Describe…', LIMITS.buttonText),
      },
    ],
  });
  blocks.push(
    context('No `datacite.json` yet, or problems in it? Choose the folder, then *Describe…* to fill in a form.'),
  );
  if (homeFolders.length === 0) blocks.push(context(escapeMrkdwn('No folders were found in your home yet.')));
  return {
    type: 'modal',
    callback_id: VIEW.submitRequest,
    title: plainText('Request a permanent ID', LIMITS.modalTitle),
    submit: plainText('Submit'),
    close: plainText('Cancel'),
    blocks,
  };
}
