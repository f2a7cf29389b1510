import { type ContentChanges, describeContentChanges } from './contentManifest.js';

/**
 * Typed errors. Every one carries a message a curator or requester can act on;
 * adapters translate their failures into these so no layer above sees raw I/O errors.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'not_allowed'
  | 'conflict'
  | 'path_refused'
  | 'metadata_invalid'
  | 'provider_unavailable'
  | 'provider_protocol'
  | 'provider_rejected'
  | 'provider_misconfigured'
  | 'mint_failed'
  | 'config_invalid'
  | 'busy'
  | 'schema_mismatch';

export class PidbotError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** One problem found in input, with where it is and how to fix it. */
export interface Problem {
  /** JSON path (`$.creators[0].name`) or field name (`folder`). */
  path: string;
  description: string;
  /** Only on the closing "and N more" entry of a capped list: how many problems it stands for. */
  omitted?: number;
}

/** How many problems any surface lists; the rest are counted (a 1 MiB file could otherwise yield tens of thousands). */
export const MAX_LISTED_PROBLEMS = 100;

/**
 * The first `MAX_LISTED_PROBLEMS` problems, then one entry saying how many
 * were left out. Capping a list that was capped before (then added to) keeps
 * the count right.
 */
export function capProblems(problems: readonly Problem[]): Problem[] {
  const listed = problems.filter((p) => p.omitted === undefined);
  const omittedBefore = problems.reduce((sum, p) => sum + (p.omitted ?? 0), 0);
  const kept = listed.slice(0, MAX_LISTED_PROBLEMS);
  const more = listed.length - kept.length + omittedBefore;
  if (more === 0) return kept;
  return [
    ...kept,
    {
      path: '$',
      description: `and ${more} more problem(s) not listed: fix these, then check again to see the rest`,
      omitted: more,
    },
  ];
}

export class InvalidInput extends PidbotError {
  readonly problems: Problem[];
  /** What was refused, without the problems (surfaces list those their own way). */
  readonly summary: string;
  constructor(problems: Problem[], summary = 'The input has problems') {
    const listed = capProblems(problems);
    super('invalid_input', `${summary}: ${listed.map((p) => `${p.path}: ${p.description}`).join('; ')}`);
    this.problems = listed;
    this.summary = summary;
  }
}

export class NotFound extends PidbotError {
  constructor(message: string) {
    super('not_found', message);
  }
}

export class NotAllowed extends PidbotError {
  constructor(message: string) {
    super('not_allowed', message);
  }
}

/**
 * Two-person minting (`REQUIRE_TWO_CURATORS`) refused a mint: the request has no approval yet, or the curator
 * minting is the one who approved it.
 */
export class TwoCuratorsRequired extends NotAllowed {
  /** Who approved the request; null when no one has. */
  readonly approverId: string | null;
  constructor(requestId: number, approverId: string | null) {
    super(
      approverId === null
        ? `Two-person minting is on (REQUIRE_TWO_CURATORS): request #${requestId} has not been approved. One curator approves it, then a different curator mints it.`
        : `Two-person minting is on (REQUIRE_TWO_CURATORS): ${approverId} approved request #${requestId}, so another curator must mint it. Ask a fellow curator to click Mint (or run "pidbot mint ${requestId} --as <their Slack ID>").`,
    );
    this.approverId = approverId;
  }
}

export class Conflict extends PidbotError {
  constructor(message: string) {
    super('conflict', message);
  }
}

export class PathRefused extends PidbotError {
  constructor(message: string) {
    super('path_refused', message);
  }
}

/** How many link paths a refusal names; the rest are counted. */
const SHOWN_LINKS = 20;

/** A folder about to become public holds symbolic links, which would publish whatever they point to. */
export class SymbolicLinksInFolder extends PathRefused {
  /** Paths of the links, relative to the folder. */
  readonly paths: string[];
  constructor(folder: string, paths: string[]) {
    const shown = paths.slice(0, SHOWN_LINKS).join(', ');
    const more = paths.length > SHOWN_LINKS ? ` and ${paths.length - SHOWN_LINKS} more` : '';
    super(
      `${folder} holds ${paths.length} symbolic link(s), which would publish whatever they point to: ${shown}${more}. Replace each link with the file or folder itself (or remove it), then try again.`,
    );
    this.paths = paths;
  }
}

/** The folder's files differ from the ones a curator approved: minting waits for a fresh approval. */
export class ContentChangedSinceApproval extends Conflict {
  readonly added: string[];
  readonly removed: string[];
  readonly changed: string[];
  constructor(requestId: number, folder: string, changes: ContentChanges) {
    super(
      `The content of ${folder} changed since request #${requestId} was approved: ${describeContentChanges(changes)}. Check the changes, then approve the request again (Status… → Approved, or \`/pid status ${requestId} Approved\`), which freezes the content as it is now, and mint again.`,
    );
    this.added = changes.added;
    this.removed = changes.removed;
    this.changed = changes.changed;
  }
}

/** The PID service could not be reached or answered with something that is not its API (HTML page, empty body, time-out). */
export class ProviderUnavailable extends PidbotError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('provider_unavailable', message, options);
  }
}

/** The PID service answered, but not in the documented format. */
export class ProviderProtocolError extends PidbotError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('provider_protocol', message, options);
  }
}

/** The PID service refused the call (`<status_code>` not success) with its own `<error>` message. */
export class ProviderRejected extends PidbotError {
  readonly statusCode: number;
  readonly details: Record<string, string>;
  constructor(statusCode: number, message: string, details: Record<string, string> = {}) {
    super('provider_rejected', message);
    this.statusCode = statusCode;
    this.details = details;
  }
}

/** The registrar refused pidbot's credentials or prefix: an operator must fix the named settings. */
export class ProviderMisconfigured extends PidbotError {
  /** The environment variables to check. */
  readonly variables: string[];
  constructor(message: string, variables: string[]) {
    super('provider_misconfigured', message);
    this.variables = variables;
  }
}

/**
 * pidbot's own queue for the PID service is full: the call was refused before anything was sent, so it is safe to
 * repeat. A kind of "unavailable", so every caller that copes with an outage copes with this too.
 */
export class ProviderBusy extends ProviderUnavailable {
  constructor(service: string, waiting: number) {
    super(
      `pidbot is busy: ${waiting} calls to the ${service} are already waiting, so this one was not sent. Try again in a minute.`,
    );
  }
}

/** A Slack call refused before it was sent: pidbot's queue is full, or a budget for it is spent. Try again later. */
export class Busy extends PidbotError {
  constructor(message: string) {
    super('busy', message);
  }
}

/**
 * The database's schema is not the one this pidbot was built for. Only `pidbot db migrate`
 * and the bot's start migrate; anything else refuses rather than misread (older) or
 * silently upgrade (newer) a database another process may be using.
 */
export class SchemaMismatch extends PidbotError {
  /** The newest migration applied to the database; null for a database with none. */
  readonly databaseVersion: string | null;
  /** The newest migration this pidbot knows. */
  readonly expectedVersion: string;
  constructor(databasePath: string, databaseVersion: string | null, expectedVersion: string, newer: boolean) {
    const at = databaseVersion === null ? 'has no pidbot schema yet' : `is at schema version ${databaseVersion}`;
    super(
      'schema_mismatch',
      newer
        ? `The database ${databasePath} ${at}, newer than this pidbot's ${expectedVersion}: a newer pidbot migrated it. Use that version's CLI (this one could misread the data).`
        : `The database ${databasePath} ${at}, older than this pidbot's ${expectedVersion}. Back it up ("pidbot db backup <file>"), then run "pidbot db migrate" and try again.`,
    );
    this.databaseVersion = databaseVersion;
    this.expectedVersion = expectedVersion;
  }
}
