/**
 * A minimal XML tree and its serialisation: enough for the DataCite document pidbot writes
 * (elements, attributes, text; no mixed content, comments or processing instructions).
 */

export interface XmlNode {
  name: string;
  /** Attributes without a value are not written. */
  attributes: Record<string, string | undefined>;
  content: string | XmlNode[];
}

export function xmlElement(
  name: string,
  content: string | (XmlNode | undefined)[],
  attributes: XmlNode['attributes'] = {},
): XmlNode {
  return {
    name,
    attributes,
    content: typeof content === 'string' ? content : content.filter((child) => child !== undefined),
  };
}

// Characters XML 1.0 cannot carry at all; dropped rather than producing a broken document.
// biome-ignore lint/suspicious/noControlCharactersInRegex: this list of control characters is the point.
const NOT_XML_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const ATTRIBUTE_ESCAPES: Record<string, string> = {
  ...TEXT_ESCAPES,
  '"': '&quot;',
  '\n': '&#10;',
  '\r': '&#13;',
  '\t': '&#9;',
};

export function escapeXml(value: string, inAttribute = false): string {
  const escapes = inAttribute ? ATTRIBUTE_ESCAPES : TEXT_ESCAPES;
  const pattern = inAttribute ? /[&<>"\n\r\t]/g : /[&<>]/g;
  return value.replace(NOT_XML_CHARACTERS, '').replace(pattern, (character) => escapes[character] ?? character);
}

/** The document: UTF-8 declaration, then the tree indented by two spaces per level. */
export function renderXmlDocument(root: XmlNode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root, '')}\n`;
}

function render(node: XmlNode, indent: string): string {
  const attributes = Object.entries(node.attributes)
    .filter((attribute): attribute is [string, string] => attribute[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(value, true)}"`)
    .join('');
  const open = `${indent}<${node.name}${attributes}`;
  if (typeof node.content === 'string') return `${open}>${escapeXml(node.content)}</${node.name}>`;
  if (node.content.length === 0) return `${open}/>`;
  const children = node.content.map((child) => render(child, `${indent}  `)).join('\n');
  return `${open}>\n${children}\n${indent}</${node.name}>`;
}
