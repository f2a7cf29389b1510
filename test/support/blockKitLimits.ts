import { LIMITS } from '../../src/slack/views/blockKit.js';

/** Every Slack Block Kit limit a view can break, as a list of human-readable violations. */
export function blockKitViolations(
  surface: { blocks: unknown[]; private_metadata?: string; text?: string },
  maxBlocks: number,
): string[] {
  const violations: string[] = [];
  if (surface.blocks.length > maxBlocks) violations.push(`${surface.blocks.length} blocks > ${maxBlocks}`);
  if ((surface.private_metadata ?? '').length > LIMITS.privateMetadata) violations.push('private_metadata too long');
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      for (const [i, child] of node.entries()) visit(child, `${path}[${i}]`);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (
      (record.type === 'mrkdwn' || record.type === 'plain_text') &&
      typeof record.text === 'string' &&
      record.text.length > LIMITS.textObject
    ) {
      violations.push(`${path}.text is ${record.text.length} characters`);
    }
    // plain_text is shown literally; mrkdwn (and a message's fallback text) would ping or link.
    if (record.type === 'mrkdwn' && typeof record.text === 'string' && /<!(channel|here|everyone)/.test(record.text))
      violations.push(`${path} has unescaped mrkdwn control text`);
    if (record.type === 'header' && ((record.text as { text?: string })?.text?.length ?? 0) > LIMITS.headerText)
      violations.push(`${path} header too long`);
    if (typeof record.action_id === 'string' && record.action_id.length > LIMITS.actionId)
      violations.push(`${path}.action_id too long`);
    if (record.type === 'button' && typeof record.value === 'string' && record.value.length > LIMITS.buttonValue)
      violations.push(`${path}.value too long`);
    if (
      Array.isArray(record.fields) &&
      record.fields.some((f) => ((f as { text?: string }).text?.length ?? 0) > LIMITS.sectionField)
    )
      violations.push(`${path}.fields too long`);
    if (Array.isArray(record.options) && record.options.length > LIMITS.optionsPerSelect)
      violations.push(`${path}.options > ${LIMITS.optionsPerSelect}`);
    for (const [key, value] of Object.entries(record)) visit(value, `${path}.${key}`);
  };
  visit(surface.blocks, '$');
  if ('text' in surface && typeof surface.text === 'string' && /<!(channel|here|everyone)/.test(surface.text))
    violations.push('fallback text has unescaped mrkdwn control text');
  return violations;
}
