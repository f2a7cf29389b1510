import { PathRefused } from '../domain/errors.js';

/**
 * Checks of user-given names and paths, before any file-system call.
 * Symlink escapes are checked separately against the real paths on disk.
 */

/** C0 and C1 controls and DEL. */
const CONTROL_CHARACTERS = /\p{Cc}/u;
/**
 * Invisible format characters: bidi overrides and isolates (which make a name
 * read differently from what it is), zero-width spaces and joiners, the BOM,
 * soft hyphens. Two names that look alike must be alike.
 */
const FORMAT_CHARACTER = /\p{Cf}/u;
const MAX_SEGMENT_BYTES = 255;
const MAX_PATH_BYTES = 1024;

function checkSegment(segment: string, whole: string): void {
  if (segment === '.' || segment === '..') {
    throw new PathRefused(
      `"${whole}" contains "${segment}": give a folder path inside your home folder, without . or .. parts.`,
    );
  }
  if (/^\s|\s$/u.test(segment)) {
    throw new PathRefused(
      `The folder name "${segment}" in "${whole}" starts or ends with a space; rename the folder without it and try again.`,
    );
  }
  if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES) {
    throw new PathRefused(`A folder name in "${whole.slice(0, 60)}…" is longer than ${MAX_SEGMENT_BYTES} bytes.`);
  }
}

/** Refuses what no folder name should hold; returns the text as it is. */
function checkText(input: string, what: string): string {
  if (CONTROL_CHARACTERS.test(input)) {
    throw new PathRefused(`The ${what} contains a control character (such as NUL or a line break); type it plainly.`);
  }
  const invisible = FORMAT_CHARACTER.exec(input)?.[0];
  if (invisible !== undefined) {
    const codePoint = `U+${invisible.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`;
    throw new PathRefused(
      `The ${what} contains an invisible character (${codePoint}, such as a zero-width space or a text-direction override); type it plainly.`,
    );
  }
  if (input.trim() === '') throw new PathRefused(`The ${what} is empty: name a folder.`);
  if (input.trim() !== input) {
    throw new PathRefused(
      `The ${what} "${input}" starts or ends with a space: remove it (folder names are taken exactly as typed).`,
    );
  }
  if (Buffer.byteLength(input) > MAX_PATH_BYTES)
    throw new PathRefused(`The ${what} is longer than ${MAX_PATH_BYTES} bytes.`);
  if (input.includes('\\'))
    throw new PathRefused(`The ${what} "${input}" contains a backslash: use "/" between folder names.`);
  return input;
}

/**
 * A path relative to a home folder, as a person typed or picked it: returns
 * its segments in Unicode NFC (one name, one spelling, whatever the keyboard
 * sent), or refuses it with the reason.
 */
export function checkRelativePath(input: string): string[] {
  const path = checkText(input, 'folder path').normalize('NFC');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.startsWith('~')) {
    throw new PathRefused(
      `"${path}" is an absolute path: give the folder's path relative to your home folder, e.g. "projects/survey-2024".`,
    );
  }
  const segments = path.replace(/\/+$/, '').split('/');
  if (segments.some((s) => s === '')) throw new PathRefused(`"${path}" has an empty folder name (a doubled "/").`);
  for (const segment of segments) checkSegment(segment, path);
  return segments;
}

/**
 * A single folder name (a commons entry, named by pidbot from the submitted
 * path): no separators at all. Taken byte for byte, so a name stored before
 * NFC normalisation still finds its folder.
 */
export function checkFolderName(input: string): string {
  const name = checkText(input, 'folder name');
  if (name.includes('/')) throw new PathRefused(`"${name}" is a path, not a folder name.`);
  checkSegment(name, name);
  return name;
}

const OWNER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A home owner: a Slack user ID or a CLI user name; never a path. */
export function checkOwner(owner: string): string {
  if (!OWNER_PATTERN.test(owner) || owner.includes('..')) {
    throw new PathRefused(`"${owner.slice(0, 64)}" is not a valid user ID for a home folder.`);
  }
  return owner;
}

/** True when `candidate` is `root` or inside it (both absolute, real paths). */
export function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith('/') ? root : `${root}/`);
}
