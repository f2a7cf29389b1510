import type { Problem } from '../../domain/errors.js';
import { type FabricaProperty, fabricaGroups } from '../../domain/metadata/fabricaSections.js';
import type { MetadataPreview } from '../../services/minting/previewRegistrarPayload.js';
import {
  type Block,
  capBlocks,
  context,
  divider,
  escapeMrkdwn,
  header,
  LIMITS,
  plainText,
  section,
  truncate,
} from './blockKit.js';

/** Blocks kept for the registrar's XML; a longer payload points to `pidbot preview`. */
const MAX_XML_BLOCKS = 20;
/** One value line (a long description, a creator with every affiliation): whole up to one section. */
const MAX_VALUE_CHARS = LIMITS.textObject - 200;
/** Room in a text object for the code fence and the truncation marker. */
const XML_CHUNK = LIMITS.textObject - 40;

function problemLine(problem: Problem): string {
  return `:warning: \`${escapeMrkdwn(problem.path)}\` ${escapeMrkdwn(problem.description)}`;
}

/** A property's lines in as many sections as it needs, none past Slack's 3,000 characters (the label heads the first). */
function propertyBlocks(property: FabricaProperty): Block[] {
  const flag = property.problems.length > 0 ? ' :warning:' : '';
  const values =
    property.values.length === 0
      ? ['_not given_']
      : property.values.map((v) => `• ${escapeMrkdwn(truncate(v, MAX_VALUE_CHARS))}`);
  const count = property.values.length > 1 ? ` (${property.values.length})` : '';
  const lines = [`*${escapeMrkdwn(property.label)}*${count}${flag}`, ...property.problems.map(problemLine), ...values];
  return chunkLines(lines, LIMITS.textObject - 100).map(section);
}

/** Joins lines into texts of at most `max` characters, breaking only between lines (a longer line is cut). */
function chunkLines(lines: readonly string[], max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of lines) {
    const piece = truncate(line, max);
    if (current !== '' && current.length + piece.length + 1 > max) {
      chunks.push(current);
      current = '';
    }
    current = current === '' ? piece : `${current}\n${piece}`;
  }
  if (current !== '') chunks.push(current);
  return chunks;
}

/** The XML in code blocks, split at line ends so no block passes Slack's 3,000 characters. */
function xmlBlocks(xml: string): Block[] {
  return chunkLines(escapeMrkdwn(xml.trimEnd()).split('\n'), XML_CHUNK).map((chunk) => section(`\`\`\`${chunk}\`\`\``));
}

/** Preview: the folder's whole metadata grouped as DataCite Fabrica shows it, its problems, and the registrar's XML. */
export function previewModal(preview: MetadataPreview): Block {
  const { request, problems, xml } = preview;
  const { groups, other, fileProblems } = fabricaGroups(preview.metadata, problems);
  const summary =
    problems.length === 0
      ? ':white_check_mark: No problems: this is what a mint would send.'
      : `:warning: *${problems.length} problem${problems.length === 1 ? '' : 's'}* to fix in \`datacite.json\` before minting; each is shown under its property.`;
  const metadataBlocks: Block[] = [
    ...fileProblems.map((p) => section(problemLine(p))),
    ...groups.flatMap((g) =>
      g.properties.length === 0 ? [] : [header(g.label), ...g.properties.flatMap(propertyBlocks)],
    ),
    ...(other.length > 0 ? [header('Other properties'), ...other.flatMap(propertyBlocks)] : []),
  ];
  const payload = xml === undefined ? [] : xmlBlocks(xml);
  const registrar: Block[] = [
    divider,
    header('What the registrar will receive'),
    ...(xml === undefined
      ? [context('Nothing yet: the registrar’s DataCite XML is made once the problems above are fixed.')]
      : payload.length > MAX_XML_BLOCKS
        ? [
            ...payload.slice(0, MAX_XML_BLOCKS),
            context(`The rest of the XML is not shown; \`pidbot preview ${request.id}\` prints all of it.`),
          ]
        : payload),
  ];
  const head: Block[] = [
    section(
      `*#${request.id}* ${escapeMrkdwn(request.title || request.folderName)} · *${escapeMrkdwn(request.status)}*`,
    ),
    context(`${summary} Read from \`${escapeMrkdwn(`${request.area}/${request.folderName}`)}/datacite.json\` now.`),
  ];
  // The registrar's part is kept whole; the metadata gives way first when a record is very large.
  const room = LIMITS.blocksPerModal - head.length - registrar.length;
  return {
    type: 'modal',
    title: plainText(`Preview #${request.id}`, LIMITS.modalTitle),
    close: plainText('Close'),
    blocks: [
      ...head,
      ...capBlocks(metadataBlocks, room, (n) => `${n} more properties not shown; \`pidbot preview ${request.id}\`.`),
      ...registrar,
    ],
  };
}
