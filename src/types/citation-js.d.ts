// citation-js 0.7 ships no type declarations; these cover what pidbot calls.
declare module '@citation-js/core' {
  export interface FormatOptions {
    format?: 'text' | 'html' | 'string' | 'object';
    template?: string;
    lang?: string;
    type?: string;
    style?: string;
  }
  export class Cite {
    constructor(data: unknown);
    data: Record<string, unknown>[];
    format(format: string, options?: FormatOptions): string;
  }
  export const plugins: {
    config: {
      get(plugin: '@csl'): { templates: { add(name: string, xml: string): void; has(name: string): boolean } };
    };
  };
}
declare module '@citation-js/plugin-csl';
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-ris';
