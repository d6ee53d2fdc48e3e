import * as z from 'zod/mini';

// Schemas of the EventBridge events the handlers receive. They accept the documented shapes and
// keep only the fields the service uses; the parameter change event carries no value and no version.

const eventEnvelope = {
  version: z.string(),
  id: z.string(),
  source: z.literal('aws.ssm'),
  account: z.string(),
  time: z.string(),
  region: z.string(),
  resources: z.array(z.string()),
};

export const ParameterChangeEventSchema = z.object({
  ...eventEnvelope,
  'detail-type': z.literal('Parameter Store Change'),
  detail: z.object({
    operation: z.string(),
    name: z.string(),
    type: z.optional(z.string()),
    description: z.optional(z.string()),
  }),
});
export type ParameterChangeEvent = z.infer<typeof ParameterChangeEventSchema>;

export const CommandStatusEventSchema = z.object({
  ...eventEnvelope,
  'detail-type': z.literal('EC2 Command Status-change Notification'),
  detail: z.object({
    'command-id': z.string(),
    'document-name': z.string(),
    status: z.string(),
    'requested-date-time': z.optional(z.string()),
    'expire-after': z.optional(z.string()),
    parameters: z.optional(z.record(z.string(), z.array(z.string()))),
  }),
});
export type CommandStatusEvent = z.infer<typeof CommandStatusEventSchema>;
