/** Renders the PURL service's `<response>` envelope (the simulator's side of `purlResponse.ts`). */
import type { SubsystemStatus } from '../../ports/pidProvider.js';

export interface ResponseFields {
  status_code: number;
  success?: string;
  error?: string;
  doi?: string;
  ark?: string;
  state?: string;
  target?: string;
  /** Our extension for `status`; see `purlResponse.ts`. */
  subsystems?: readonly SubsystemStatus[];
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `nestErrorDetails`: `<target>` and `<doi>` inside `<error>`, as the document words verify's error. */
export function renderResponse(fields: ResponseFields, options: { nestErrorDetails?: boolean } = {}): string {
  const { subsystems = [], error, target, doi, ...elements } = fields;
  const nest = options.nestErrorDetails === true && error !== undefined;
  const leaf = (name: string, value: unknown) =>
    value === undefined ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
  const children = Object.entries(nest ? elements : { ...elements, error, target, doi }).map(([name, value]) =>
    leaf(name, value),
  );
  if (nest) children.push(`<error>${escapeXml(error)}${leaf('target', target)}${leaf('doi', doi)}</error>`);
  const subsystemLines = subsystems.map(
    (s) =>
      `<subsystem name="${escapeXml(s.name)}" status="${s.up ? 'up' : 'down'}">${escapeXml(s.message)}</subsystem>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<response>${[...children, ...subsystemLines].join('')}</response>\n`;
}
