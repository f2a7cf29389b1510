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

export function renderResponse(fields: ResponseFields): string {
  const { subsystems = [], ...elements } = fields;
  const children = Object.entries(elements)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`);
  const subsystemLines = subsystems.map(
    (s) => `<subsystem name="${escapeXml(s.name)}" status="${s.up ? 'up' : 'down'}">${escapeXml(s.message)}</subsystem>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<response>${[...children, ...subsystemLines].join('')}</response>\n`;
}
