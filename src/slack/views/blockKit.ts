/**
 * Slack's documented Block Kit limits and the few helpers every view uses to
 * stay inside them. User text is escaped for mrkdwn so it can never ping
 * `@channel` or forge a link.
 */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerModal: 100,
  blocksPerHome: 100,
  textObject: 3000,
  headerText: 150,
  sectionField: 2000,
  actionId: 255,
  buttonValue: 2000,
  buttonText: 75,
  optionText: 75,
  optionsPerSelect: 100,
  privateMetadata: 3000,
  modalTitle: 24,
  contextElements: 10,
} as const;

export const TRUNCATION_MARKER = '… (truncated)';

// Slack only needs &, < and > escaped for mrkdwn; that is what stops <!channel>, <@U…> and <url|label>.
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A mrkdwn link whose address and label may come from a registrar: both are
 * escaped, and a `|` in the address is percent-encoded so it cannot end the
 * address early and put text of its own in the label.
 */
export function mrkdwnLink(url: string, label: string): string {
  return `<${escapeMrkdwn(url).replace(/\|/g, '%7C')}|${escapeMrkdwn(label)}>`;
}

/** Cuts text to `max` characters with a visible marker, never leaving half an escape sequence. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, Math.max(0, max - TRUNCATION_MARKER.length)).replace(/&[a-z]{0,4}$/, '');
  return `${cut}${TRUNCATION_MARKER}`;
}

export type Block = Record<string, unknown>;

export function mrkdwn(text: string, max: number = LIMITS.textObject): { type: 'mrkdwn'; text: string } {
  return { type: 'mrkdwn', text: truncate(text, max) };
}

export function plainText(
  text: string,
  max: number = LIMITS.textObject,
): { type: 'plain_text'; text: string; emoji: boolean } {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}

export function section(text: string): Block {
  return { type: 'section', text: mrkdwn(text) };
}

export function header(text: string): Block {
  return { type: 'header', text: plainText(text, LIMITS.headerText) };
}

export function context(...texts: string[]): Block {
  return { type: 'context', elements: texts.slice(0, LIMITS.contextElements).map((t) => mrkdwn(t)) };
}

export const divider: Block = { type: 'divider' };

/** Keeps a list of blocks under a limit, replacing the overflow with one line saying how much was left out. */
export function capBlocks(blocks: Block[], max: number, moreLabel: (hidden: number) => string): Block[] {
  if (blocks.length <= max) return blocks;
  const kept = blocks.slice(0, max - 1);
  return [...kept, context(moreLabel(blocks.length - kept.length))];
}

export function userMention(userId: string): string {
  // IDs come from validated payloads; still, only a Slack-shaped ID may become a mention.
  return /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

export function slackDate(iso: string): string {
  const seconds = Math.floor(Date.parse(iso) / 1000);
  return `<!date^${seconds}^{date_short_pretty} {time}|${iso}>`;
}

/** A modal about one request: its id travels in private_metadata, where the submission handler reads it back. */
export function requestFormModal(form: {
  callbackId: string;
  requestId: number;
  title: string;
  submit: string;
  blocks: Block[];
}): Block {
  return {
    type: 'modal',
    callback_id: form.callbackId,
    private_metadata: JSON.stringify({ requestId: form.requestId }),
    title: plainText(form.title, LIMITS.modalTitle),
    submit: plainText(form.submit),
    close: plainText('Cancel'),
    blocks: form.blocks,
  };
}
