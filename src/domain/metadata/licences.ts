/**
 * The licences the form offers by name, with their SPDX identifiers and canonical URLs; anything
 * else is entered as "other" (free text and an optional URL).
 */

export interface Licence {
  spdx: string;
  name: string;
  url: string;
}

export const SPDX_SCHEME_URI = 'https://spdx.org/licenses/';

export const LICENCES: readonly Licence[] = [
  {
    spdx: 'CC-BY-4.0',
    name: 'Creative Commons Attribution 4.0 International',
    url: 'https://creativecommons.org/licenses/by/4.0/',
  },
  {
    spdx: 'CC0-1.0',
    name: 'Creative Commons Zero v1.0 Universal',
    url: 'https://creativecommons.org/publicdomain/zero/1.0/',
  },
  {
    spdx: 'CC-BY-SA-4.0',
    name: 'Creative Commons Attribution Share Alike 4.0 International',
    url: 'https://creativecommons.org/licenses/by-sa/4.0/',
  },
  {
    spdx: 'CC-BY-NC-4.0',
    name: 'Creative Commons Attribution Non Commercial 4.0 International',
    url: 'https://creativecommons.org/licenses/by-nc/4.0/',
  },
  {
    spdx: 'ODbL-1.0',
    name: 'Open Data Commons Open Database License v1.0',
    url: 'https://opendatacommons.org/licenses/odbl/1-0/',
  },
  { spdx: 'MIT', name: 'MIT License', url: 'https://opensource.org/licenses/MIT' },
  { spdx: 'Apache-2.0', name: 'Apache License 2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
  {
    spdx: 'GPL-3.0-or-later',
    name: 'GNU General Public License v3.0 or later',
    url: 'https://www.gnu.org/licenses/gpl-3.0-standalone.html',
  },
];

const withoutTrailingSlash = (url: string) =>
  url
    .trim()
    .replace(/\/(legalcode)?$/i, '')
    .toLowerCase();

/** The short-list licence a rights entry names, by SPDX id or by URL. */
export function findLicence(entry: { rightsIdentifier?: unknown; rightsUri?: unknown }): Licence | undefined {
  const id = typeof entry.rightsIdentifier === 'string' ? entry.rightsIdentifier.trim().toLowerCase() : '';
  const uri = typeof entry.rightsUri === 'string' ? withoutTrailingSlash(entry.rightsUri) : '';
  return LICENCES.find(
    (licence) =>
      (id !== '' && licence.spdx.toLowerCase() === id) || (uri !== '' && withoutTrailingSlash(licence.url) === uri),
  );
}
