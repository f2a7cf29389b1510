/** What a curator's App Home shows: every open request, narrowed by these, a page at a time. */
export interface HomeFilter {
  status?: string;
  type?: string;
  requesterId?: string;
  /** Only the requests assigned to the viewer. */
  mine?: boolean;
  /** Index of the first request shown (oldest first). */
  offset?: number;
}

/** Who opened App Home when, and what they were looking at, so a change re-publishes their Home as they left it. */
export interface HomeViewerStore {
  /** Records an opening; keeps the viewer's filter. */
  opened(userId: string, at: string): Promise<void>;
  /** Viewers who opened Home at or after `since`, most recent first, at most `limit`. */
  openedSince(since: string, limit: number): Promise<string[]>;
  filterOf(userId: string): Promise<HomeFilter>;
  saveFilter(userId: string, filter: HomeFilter, at: string): Promise<void>;
  /** Forgets viewers who have not opened Home since `before` (keeps the table small). */
  forgetBefore(before: string): Promise<number>;
}
