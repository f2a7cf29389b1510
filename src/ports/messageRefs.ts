/** Where a request's message lives in Slack, so every later change updates it in place and threads under it. */
export interface MessageRef {
  channelId: string;
  ts: string;
}

export interface MessageRefStore {
  find(requestId: number): Promise<MessageRef | undefined>;
  save(requestId: number, ref: MessageRef): Promise<void>;
}
