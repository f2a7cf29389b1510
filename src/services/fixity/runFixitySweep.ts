import { type CheckedSubject, planCheckedAlerts } from '../../domain/alerts.js';
import {
  type ContentChanges,
  compareContent,
  describeContentChanges,
  formatManifest,
  hasChanges,
  MANIFEST_FILE_NAME,
} from '../../domain/contentManifest.js';
import type { CuratedManifest } from '../../ports/repositories.js';
import { commitAlertPlan } from '../monitoring/commitAlertPlan.js';
import { type JobContext, type JobResult, type LaunchedJob, launchJob } from '../runtime/jobRuns.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';

type FixityDeps = Pick<ServiceDeps, 'uow' | 'dataStore' | 'clock' | 'events' | 'logger' | 'metrics' | 'lease'>;

export interface FixityOptions {
  /** ALERT_REMIND_HOURS in ms, as for the other alerts. */
  remindAfterMs: number;
}

/** Curated folders whose manifests are read from the database at once; their files are hashed one folder at a time. */
const FIXITY_PAGE_SIZE = 50;
const ALERT_KEY_PREFIX = 'fixity:request-';

/**
 * How a curated folder differs from its frozen content. A symbolic link that
 * appeared counts as added; a missing or edited `manifest-sha256.txt` as
 * removed or changed (the database keeps the true manifest).
 */
async function changesIn(deps: FixityDeps, { manifest, folderName }: CuratedManifest): Promise<ContentChanges> {
  const location = { area: 'curated', name: folderName } as const;
  const current = await deps.dataStore.hashFiles(location);
  const changes = compareContent(manifest.files, current.files);
  changes.added.push(...current.symbolicLinks);
  const written = await deps.dataStore.readManifestFile(location);
  if (written === undefined) changes.removed.push(MANIFEST_FILE_NAME);
  else if (written !== formatManifest(manifest.files)) changes.changed.push(MANIFEST_FILE_NAME);
  return changes;
}

function fixityAlert(curated: CuratedManifest, changes: ContentChanges): CheckedSubject {
  const { requestId } = curated.manifest;
  return {
    key: `${ALERT_KEY_PREFIX}${requestId}`,
    failing: hasChanges(changes)
      ? {
          key: `${ALERT_KEY_PREFIX}${requestId}`,
          title: `Fixity of curated/${curated.folderName} (request #${requestId}) failing`,
          detail: `Its files differ from the content frozen at approval: ${describeContentChanges(changes)}. Restore them from a backup, or withdraw the identifier if the change was meant.`,
        }
      : undefined,
  };
}

/**
 * Re-hashes every curated folder that has a frozen manifest and keeps the
 * channel's alerts in step: one alert per changed folder, raised once,
 * reminded every ALERT_REMIND_HOURS, resolved once the files match again.
 * Each page's alerts commit with their events; on shutdown it stops between
 * folders (the next run starts over).
 */
async function sweep(deps: FixityDeps, { signal }: JobContext, options: FixityOptions): Promise<JobResult> {
  const counts = { checked: 0, changed: 0, raised: 0, reminded: 0, resolved: 0 };
  let after = 0;
  for (;;) {
    const page = await deps.uow.repos.contentManifests.curatedAfter(after, FIXITY_PAGE_SIZE);
    if (page.length === 0) break;
    const checked: CheckedSubject[] = [];
    for (const curated of page) {
      if (signal.aborted) return { outcome: 'interrupted', counts };
      const subject = fixityAlert(curated, await changesIn(deps, curated));
      checked.push(subject);
      counts.checked += 1;
      if (subject.failing) counts.changed += 1;
    }
    const now = deps.clock.now();
    const plan = await commitAlertPlan(deps, now, (open) =>
      planCheckedAlerts(open, checked, now, options.remindAfterMs),
    );
    counts.raised += plan.raise.length;
    counts.reminded += plan.remind.length;
    counts.resolved += plan.resolve.length;
    after = page.at(-1)?.manifest.requestId ?? after;
  }
  return { outcome: 'succeeded', counts };
}

/** One recorded run of the fixity sweep (FIXITY_CRON's tick). */
export function launchFixitySweep(deps: FixityDeps, trigger: string, options: FixityOptions): Promise<LaunchedJob> {
  return launchJob(deps, { job: 'fixity_sweep', trigger, counts: {}, checkpoint: null, resumedFrom: null }, (context) =>
    sweep(deps, context, options),
  );
}
