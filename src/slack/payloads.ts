import { z } from 'zod';
import { InvalidInput } from '../domain/errors.js';

/**
 * zod schemas for exactly the payload fields pidbot reads. Slack sends much
 * more; everything else is ignored (and never trusted).
 */
const slackUserId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'not a Slack user ID');
const requestIdText = z
  .string()
  .regex(/^\d{1,12}$/, 'not a request number')
  .transform(Number);

export const commandPayload = z.object({
  user_id: slackUserId,
  text: z.string().max(4000, 'command text is too long (over 4000 characters)'),
  trigger_id: z.string().min(1),
  channel_id: z.string().optional(),
});
export type CommandPayload = z.infer<typeof commandPayload>;

export const buttonPayload = z.object({
  user: z.object({ id: slackUserId }),
  trigger_id: z.string().min(1),
  actions: z.array(z.object({ action_id: z.string(), value: requestIdText })).min(1),
  channel: z.object({ id: z.string() }).optional(),
  message: z.object({ ts: z.string() }).optional(),
});
export type ButtonPayload = z.infer<typeof buttonPayload>;

const selectedOption = z.object({ value: z.string() }).nullish();
const inputState = z.object({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: selectedOption,
  /** A users_select's pick. */
  selected_user: slackUserId.nullish(),
});

export const viewSubmissionPayload = z.object({
  user: z.object({ id: slackUserId }),
  view: z.object({
    id: z.string(),
    private_metadata: z.string().max(3000).default(''),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), inputState)) }),
  }),
});
export type ViewSubmissionPayload = z.infer<typeof viewSubmissionPayload>;

export const modalMetadata = z.object({ requestId: z.number().int().positive() });

/** Shown in a modal whose submission pidbot cannot read (damaged, tampered or from an older version). */
export const UNREADABLE_FORM =
  'pidbot cannot read this form (it is damaged or out of date); nothing was changed. Close the form and open it again from the request.';

/** The request a modal was opened for, from its private_metadata; InvalidInput when it is missing or not pidbot's JSON. */
export function modalRequestId(privateMetadata: string): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(privateMetadata || '{}');
  } catch {
    parsed = undefined;
  }
  return parsePayload(modalMetadata, parsed).requestId;
}

export const appHomeOpenedEvent = z.object({ user: slackUserId, tab: z.string().optional() });

/** Parses a payload, or throws InvalidInput naming the bad fields (logged; the user sees a short message). */
export function parsePayload<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new InvalidInput(
      parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(payload)', description: i.message })),
      'Slack sent a payload pidbot cannot read',
    );
  }
  return parsed.data;
}

/** The text or selected value of one input in a submitted view. */
export function inputValue(payload: ViewSubmissionPayload, blockId: string): string | undefined {
  const element = payload.view.state.values[blockId]?.[blockId];
  const value = element?.selected_option?.value ?? element?.selected_user ?? element?.value ?? undefined;
  return value === null || value === undefined || value.trim() === '' ? undefined : value;
}
