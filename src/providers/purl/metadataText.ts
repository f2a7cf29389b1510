/**
 * The PURL service's metadata method answers in plain text, one line per
 * element. We read and write it as ANVL-style `name: value` lines (the form
 * EZID-backed services use): `%`, CR and LF inside a value are percent-encoded
 * so that one element is always one line.
 */
import type { MetadataElement } from './purlTypes.js';

const encodeValue = (value: string): string => value.replace(/%/g, '%25').replace(/\n/g, '%0A').replace(/\r/g, '%0D');
const decodeValue = (value: string): string => value.replace(/%0A/gi, '\n').replace(/%0D/gi, '\r').replace(/%25/g, '%');

export function formatMetadataText(elements: readonly MetadataElement[]): string {
  return elements.map(({ name, value }) => `${name}: ${encodeValue(value)}\n`).join('');
}

/** Lines without a `name:` part are not elements; they are reported so the caller can treat the body as malformed. */
export function parseMetadataText(text: string): { elements: MetadataElement[]; badLines: string[] } {
  const elements: MetadataElement[] = [];
  const badLines: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const match = /^([^:\s][^:]*):\s?(.*)$/.exec(line);
    if (match?.[1] === undefined || match[2] === undefined) badLines.push(line);
    else elements.push({ name: match[1].trim(), value: decodeValue(match[2]) });
  }
  return { elements, badLines };
}
