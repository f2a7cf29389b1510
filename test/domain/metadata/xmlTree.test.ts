import { describe, expect, it } from 'vitest';
import { escapeXml, renderXmlDocument, xmlElement } from '../../../src/domain/metadata/xmlTree.js';

describe('escapeXml', () => {
  it('escapes text and attribute special characters', () => {
    expect(escapeXml('a<b>&"c"')).toBe('a&lt;b&gt;&amp;"c"');
    expect(escapeXml('a<b>&"c"\n', true)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&#10;');
  });
});

describe('renderXmlDocument', () => {
  it('indents children, leaves out absent children and attributes, and closes empty elements', () => {
    const root = xmlElement('a', [
      xmlElement('b', 'x', { kept: 'y', dropped: undefined }),
      undefined,
      xmlElement('c', []),
    ]);
    expect(renderXmlDocument(root)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<a>\n  <b kept="y">x</b>\n  <c/>\n</a>\n',
    );
  });
});
