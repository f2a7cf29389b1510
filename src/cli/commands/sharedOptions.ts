import type { OptionSpec } from '../command.js';

export const JSON_OPTION = {
  json: { type: 'boolean', description: 'print JSON (a stable shape, for scripts) instead of a table' },
} as const satisfies Record<string, OptionSpec>;

/** The services decide what the user may do; the CLI only says who is asking. */
export const ACTOR_OPTION = {
  as: {
    type: 'string',
    placeholder: 'user',
    description: 'Slack user ID to act as; curator actions are allowed only for CURATOR_USER_IDS',
    required: true,
  },
} as const satisfies Record<string, OptionSpec>;
