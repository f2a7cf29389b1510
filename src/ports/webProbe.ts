import type { WebAnswer } from '../domain/postMintChecks.js';

/**
 * Looks at a public web address the way a browser's first request would: one
 * GET, redirects reported (not followed), a bounded part of the body read.
 * Never throws for what the server did: no answer is `reached: false`.
 */
export interface WebProbe {
  get(url: string): Promise<WebAnswer>;
  /** Stops pacing. */
  close(): Promise<void>;
}
