/**
 * The curator's post-mint checklist (CyVerse: "check that data is public and
 * visible, that metadata appears correct on the landing page, and that the
 * Permanent ID redirect works"), as pure rules: each check turns what was
 * observed into one line, passed or not, with what to do when not.
 */
import { doiUrl } from './identifiers/doi.js';
import type { MetadataSummary } from './metadata/registrarPayload.js';
import { compareMetadataSummaries, type RegistrarView } from './registration.js';

export type CheckName = 'registrar_state' | 'registrar_metadata' | 'target_url' | 'resolver_redirect' | 'folder_public';

export interface CheckLine {
  name: CheckName;
  /** What is checked, as the checklist names it. */
  label: string;
  passed: boolean;
  /** What was found. */
  detail: string;
  /** What to do about it; present on a failed line. */
  advice?: string;
}

export interface PostMintChecklist {
  requestId: number;
  /** The identifier the request asked for (the ARK for an ARK request), as people write it. */
  identifier: string;
  targetUrl: string;
  checkedAt: string;
  lines: CheckLine[];
}

export function allPassed(checklist: Pick<PostMintChecklist, 'lines'>): boolean {
  return checklist.lines.every((line) => line.passed);
}

/** One GET as a web client saw it, redirects not followed; `reached: false` when no HTTP answer came. */
export type WebAnswer =
  | { reached: true; status: number; location?: string; body: string }
  | { reached: false; error: string };

/** Where each scheme's identifiers resolve (`RESOLVER_URL`, `ARK_RESOLVER_URL`), without a trailing slash. */
export interface ResolverSettings {
  doi: string;
  ark: string;
}

/** The resolver URL of an identifier: `{resolver}/{doi}` (segments percent-encoded) or `{arkResolver}/ark:/…`. */
export function resolverUrlFor(resolvers: ResolverSettings, identifier: string): string {
  return identifier.startsWith('ark:') ? `${resolvers.ark}/${identifier}` : doiUrl(identifier, resolvers.doi);
}

const LABELS: Record<CheckName, string> = {
  registrar_state: 'Findable at the registrar',
  registrar_metadata: 'Registrar metadata matches the folder',
  target_url: 'Landing page answers 200 and names the identifier',
  resolver_redirect: 'Resolver redirects to the landing page',
  folder_public: 'Curated folder is public-read',
};

const passed = (name: CheckName, detail: string): CheckLine => ({ name, label: LABELS[name], passed: true, detail });
const failed = (name: CheckName, detail: string, advice: string): CheckLine => ({
  name,
  label: LABELS[name],
  passed: false,
  detail,
  advice,
});

/** The registrar's copy as read back: the record, or why it could not be read (`unknown`: it answered 404). */
export type RegistrarRead = { ok: true; view: RegistrarView } | { ok: false; unknown: boolean; error: string };

const sendAgain = (requestId: number) =>
  `Send the folder’s metadata and target URL again (\`/pid update ${requestId}\`), then re-run the checks.`;

export function registrarStateCheck(read: RegistrarRead, targetUrl: string, requestId: number): CheckLine {
  if (!read.ok)
    return read.unknown
      ? failed(
          'registrar_state',
          `the registrar does not know it: ${read.error}`,
          'Run `pidbot reconcile`; if it still is unknown, mint the request again.',
        )
      : failed(
          'registrar_state',
          `the registrar could not be read: ${read.error}`,
          'Re-run the checks when the PID service answers again (`/pid health`).',
        );
  const { view } = read;
  if (view.state !== 'findable') {
    const advice =
      view.state === 'draft'
        ? 'Press Mint again: it continues from the publish step.'
        : 'It is hidden or withdrawn at the registrar; if that is wrong, publish it again there.';
    return failed('registrar_state', `the registrar has it ${view.state}`, advice);
  }
  if (view.problems !== undefined && view.problems.length > 0)
    return failed(
      'registrar_state',
      `findable, but the registrar reports: ${view.problems.join('; ')}`,
      sendAgain(requestId),
    );
  if (view.url !== undefined && view.url !== targetUrl)
    return failed('registrar_state', `findable, but the registrar's target URL is ${view.url}`, sendAgain(requestId));
  return passed('registrar_state', 'findable');
}

/** The folder's side: its summary, or why it cannot be read. */
export type FolderSummary = { ok: true; summary: MetadataSummary } | { ok: false; error: string };

export function registrarMetadataCheck(folder: FolderSummary, read: RegistrarRead, requestId: number): CheckLine {
  if (!folder.ok)
    return failed(
      'registrar_metadata',
      `the folder's datacite.json cannot be read: ${folder.error}`,
      `Fix the folder’s datacite.json, send it (\`/pid update ${requestId}\`), then re-run the checks.`,
    );
  if (!read.ok)
    return failed('registrar_metadata', 'not compared: the registrar could not be read', sendAgain(requestId));
  if (read.view.metadata === undefined)
    return failed('registrar_metadata', 'the registrar holds none', sendAgain(requestId));
  const differing = compareMetadataSummaries(folder.summary, read.view.metadata).filter((row) => !row.same);
  if (differing.length === 0) return passed('registrar_metadata', 'title, creators, year, publisher and type match');
  return failed(
    'registrar_metadata',
    differing
      .map((row) => `${row.name}: registrar "${row.registrar.join('; ')}", folder "${row.repository.join('; ')}"`)
      .join('; '),
    sendAgain(requestId),
  );
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

/** The target URL must answer 200 itself (a redirect there is a second hop the registrar does not know) and name the identifier. */
export function targetUrlCheck(
  targetUrl: string,
  answer: WebAnswer,
  names: readonly string[],
  requestId: number,
): CheckLine {
  const fixPage = `Publish the landing page at ${targetUrl}, or correct LANDING_URL_TEMPLATE and send the metadata again (\`/pid update ${requestId}\`).`;
  if (!answer.reached) return failed('target_url', `${targetUrl} did not answer: ${answer.error}`, fixPage);
  if (isRedirect(answer.status))
    return failed(
      'target_url',
      `${targetUrl} answers ${answer.status}, redirecting to ${answer.location ?? '(no Location)'}`,
      `Register the final page as the target URL (LANDING_URL_TEMPLATE), then send the metadata again (\`/pid update ${requestId}\`).`,
    );
  if (answer.status !== 200) return failed('target_url', `${targetUrl} answers ${answer.status}`, fixPage);
  const body = answer.body.toLowerCase();
  if (!names.some((name) => body.includes(name.toLowerCase())))
    return failed(
      'target_url',
      `${targetUrl} answers 200 but does not mention ${names.join(' or ')}`,
      'Show the identifier on the landing page (as DataCite’s display guidelines ask), then re-run the checks.',
    );
  return passed('target_url', `${targetUrl} answers 200 and names the identifier`);
}

function sameUrl(a: string, b: string, base: string): boolean {
  try {
    return new URL(a, base).href === new URL(b).href;
  } catch {
    return false;
  }
}

export function resolverRedirectCheck(
  resolverUrl: string,
  answer: WebAnswer,
  targetUrl: string,
  requestId: number,
): CheckLine {
  if (!answer.reached)
    return failed(
      'resolver_redirect',
      `${resolverUrl} did not answer: ${answer.error}`,
      'Re-run the checks later; if the resolver stays unreachable, check RESOLVER_URL.',
    );
  if (!isRedirect(answer.status))
    return failed(
      'resolver_redirect',
      `${resolverUrl} answers ${answer.status} instead of redirecting`,
      answer.status === 404
        ? 'The resolver does not know it yet: a new identifier can take a few minutes to reach it. Re-run the checks later; if it stays unknown, check it is findable at the registrar.'
        : 'Check RESOLVER_URL and the identifier’s state at the registrar, then re-run the checks.',
    );
  if (answer.location === undefined || !sameUrl(answer.location, targetUrl, resolverUrl))
    return failed(
      'resolver_redirect',
      `${resolverUrl} redirects to ${answer.location ?? '(no Location)'}, not ${targetUrl}`,
      sendAgain(requestId),
    );
  return passed('resolver_redirect', `${resolverUrl} redirects to ${targetUrl}`);
}

/** Where the folder is and who may read it, as pidbot's records and the data store say. */
export interface FolderExposure {
  folder: string;
  inCurated: boolean;
  exists: boolean;
  publicRead: boolean;
}

export function folderPublicCheck(exposure: FolderExposure): CheckLine {
  const { folder } = exposure;
  if (!exposure.inCurated || !exposure.exists)
    return failed(
      'folder_public',
      exposure.inCurated ? `curated/${folder} is missing from the data store` : `${folder} is not in curated`,
      'Run `pidbot reconcile` (it finishes interrupted folder moves); restore the folder from backup if it is gone.',
    );
  if (!exposure.publicRead)
    return failed(
      'folder_public',
      `curated/${folder} has no public read permission`,
      'Grant the public read on the curated folder (minting does this last), then re-run the checks.',
    );
  return passed('folder_public', `curated/${folder} is readable by the public`);
}
