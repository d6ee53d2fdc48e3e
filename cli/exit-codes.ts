/** Exit codes of `hf-token`; `--help` lists them, and scripts may branch on them. */
export const EXIT_CODES = {
  ok: 0,
  /** The command ran and failed: a rollout failed, a value was invalid, an AWS call failed. */
  failure: 1,
  /** The command line was wrong: unknown command or option, missing or invalid value. */
  usage: 2,
  /** The command ran, but the fleet is degraded: instances are behind or none is targeted. */
  degraded: 3,
  /** AWS rejected the caller: no credentials, expired credentials or access denied. */
  awsAccess: 4,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
