/**
 * What pidbot counts and times, in its own words. Services and adapters
 * record through this port; an exporter (prom-client, in `metrics/`) turns it
 * into Prometheus metrics. Timing is the exporter's: a `start…` call returns
 * the function that ends the measurement with its outcome, so no service
 * reads a clock for it.
 */

/** Ends a measurement started by one of the `start…` methods; call it once. */
export type FinishMeasurement<Outcome extends string = string> = (outcome: Outcome) => void;

export type MintOutcome = 'succeeded' | 'failed';

export interface Metrics {
  /** One mint attempt (a curator's, or one a restart continues), from its first step to completion or failure. */
  startMint(): FinishMeasurement<MintOutcome>;
  /** One call to the PID provider's port; outcome `ok` or the typed error's code. */
  startPidCall(provider: string, method: string): FinishMeasurement;
  /** One Slack Web API call; outcome `ok` or `error`. */
  slackCall(method: string, outcome: 'ok' | 'error'): void;
  /** One run of a scheduled job (or a curator-started one), with the outcome it recorded. */
  startJobRun(job: string): FinishMeasurement;
  /** Whether this replica holds the scheduler's lease (runs the cron jobs). */
  schedulerLeader(leading: boolean): void;
}

/** Counts read from the database when the metrics are scraped. */
export interface StateGauges {
  requestsByStatus: { status: string; count: number }[];
  /** Events waiting to reach Slack (or another subscriber). */
  outboxBacklog: number;
  /** Events that failed too often and are no longer retried. */
  outboxSetAside: number;
  openAlerts: number;
}

/** The scrape side: renders every metric in an exposition format. */
export interface MetricsExporter {
  readonly contentType: string;
  render(state: StateGauges): Promise<string>;
}

/** Runs `work`, finishing the measurement with `ok` or what `outcomeOf` makes of the error (which is rethrown). */
export async function measured<T, Failure extends string>(
  finish: FinishMeasurement<'ok' | Failure>,
  work: () => Promise<T>,
  outcomeOf: (error: unknown) => Failure,
): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (error) {
    finish(outcomeOf(error));
    throw error;
  }
  finish('ok');
  return result;
}
