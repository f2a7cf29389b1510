/** Who may act as a curator: the configured list and/or a Slack user group. */
export interface CuratorDirectory {
  isCurator(userId: string): Promise<boolean>;
}
