import type { Logger } from '../logging/logger.js';
import type { HomeViewerStore } from '../ports/homeViewers.js';
import type { MessageRefStore } from '../ports/messageRefs.js';
import type { ServiceDeps } from '../services/runtime/serviceDeps.js';
import type { DeliveryDedupe } from '../services/runtime/slackDeliveryDedupe.js';
import type { SlackPoster } from './slackPoster.js';

/** What every listener gets: the services, the Slack poster and where the curation channel is. */
export interface SlackContext {
  deps: ServiceDeps;
  poster: SlackPoster;
  messageRefs: MessageRefStore;
  homeViewers: HomeViewerStore;
  /** Which Slack deliveries to handle and which to drop as repeats. */
  deliveries: DeliveryDedupe;
  curationChannelId: string;
  /** REMIND_AFTER_DAYS, for `/pid remind`. */
  remindAfterDays: number;
  logger: Logger;
}
