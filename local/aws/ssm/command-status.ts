// Command and invocation statuses as Run Command reports them. `StatusDetails` carries the
// detailed status; `Status` is the coarser enum of the API (and of the EventBridge events).
// Rules from the Systems Manager user guide, "Understanding command statuses".

/** Detailed status of one invocation. */
export type InvocationDetail =
  | 'Pending'
  | 'Delayed'
  | 'In Progress'
  | 'Cancelling'
  | 'Success'
  | 'Failed'
  | 'Execution Timed Out'
  | 'Delivery Timed Out'
  | 'Undeliverable'
  | 'Terminated'
  | 'Cancelled';

/** The `Status` enum of commands and invocations. */
export type CoarseStatus = 'Pending' | 'InProgress' | 'Delayed' | 'Success' | 'Cancelled' | 'TimedOut' | 'Failed' | 'Cancelling';

/** Detailed status of a command. */
export type CommandDetail =
  | 'Pending'
  | 'In Progress'
  | 'Success'
  | 'Failed'
  | 'Execution Timed Out'
  | 'Delivery Timed Out'
  | 'Incomplete'
  | 'Cancelled'
  | 'No Instances In Tag';

const TERMINAL: ReadonlySet<InvocationDetail> = new Set([
  'Success',
  'Failed',
  'Execution Timed Out',
  'Delivery Timed Out',
  'Undeliverable',
  'Terminated',
  'Cancelled',
]);

/** Returns whether an invocation status is final. */
export function isTerminal(detail: InvocationDetail): boolean {
  return TERMINAL.has(detail);
}

/** Returns whether an invocation status counts toward MaxErrors: only Failed and Execution Timed Out do. */
export function countsAsError(detail: InvocationDetail): boolean {
  return detail === 'Failed' || detail === 'Execution Timed Out';
}

/** Maps an invocation's detailed status to the `Status` enum. */
export function invocationStatus(detail: InvocationDetail): CoarseStatus {
  switch (detail) {
    case 'Pending':
      return 'Pending';
    case 'Delayed':
      return 'Delayed';
    case 'In Progress':
      return 'InProgress';
    case 'Cancelling':
      return 'Cancelling';
    case 'Success':
      return 'Success';
    case 'Execution Timed Out':
    case 'Delivery Timed Out':
      return 'TimedOut';
    // NOTE: the API reference names no Status for these two details; Undeliverable is reported as
    // Failed and Terminated (not run because MaxErrors was exceeded) as Cancelled.
    case 'Undeliverable':
    case 'Failed':
      return 'Failed';
    case 'Terminated':
    case 'Cancelled':
      return 'Cancelled';
  }
}

/** Maps a command's detailed status to the `Status` enum. */
export function commandStatus(detail: CommandDetail): CoarseStatus {
  switch (detail) {
    case 'Pending':
      return 'Pending';
    case 'In Progress':
      return 'InProgress';
    case 'Success':
    case 'No Instances In Tag':
      return 'Success';
    case 'Execution Timed Out':
    case 'Delivery Timed Out':
      return 'TimedOut';
    case 'Cancelled':
      return 'Cancelled';
    // NOTE: the Status enum has no Incomplete. It is reported as Failed, so a consumer that checks
    // Status does not read a partial rollout as Success.
    case 'Failed':
    case 'Incomplete':
      return 'Failed';
  }
}

/**
 * Computes the final detailed status of a command from its invocations.
 *
 * - cancelled by CancelCommand: Cancelled;
 * - a tag target that matched nothing: No Instances In Tag (Status Success, TargetCount 0);
 * - more Failed + Execution Timed Out invocations than MaxErrors: Failed (Execution Timed Out when
 *   no invocation failed outright);
 * - more Delivery Timed Out invocations than MaxErrors: Delivery Timed Out;
 * - Undeliverable invocations are left out, unless all are Undeliverable, which is Failed;
 * - every remaining invocation succeeded: Success; otherwise Incomplete.
 */
export function finalCommandDetail(options: {
  cancelled: boolean;
  targetedByTag: boolean;
  maxErrors: number;
  invocations: readonly InvocationDetail[];
}): CommandDetail {
  const { invocations, maxErrors } = options;
  if (options.cancelled) {
    return 'Cancelled';
  }
  if (invocations.length === 0) {
    return options.targetedByTag ? 'No Instances In Tag' : 'Failed';
  }
  const count = (detail: InvocationDetail): number => invocations.filter((candidate) => candidate === detail).length;
  const failed = count('Failed');
  const executionTimedOut = count('Execution Timed Out');
  if (failed + executionTimedOut > maxErrors) {
    return failed > 0 ? 'Failed' : 'Execution Timed Out';
  }
  if (count('Delivery Timed Out') > maxErrors) {
    return 'Delivery Timed Out';
  }
  const delivered = invocations.filter((detail) => detail !== 'Undeliverable');
  if (delivered.length === 0) {
    return 'Failed';
  }
  return delivered.every((detail) => detail === 'Success') ? 'Success' : 'Incomplete';
}

/**
 * Resolves MaxConcurrency or MaxErrors (`10` or `10%`) against the number of targets.
 * A percentage of MaxConcurrency rounds up to at least 1; a percentage of MaxErrors rounds down.
 * NOTE: AWS documents no rounding rule for percentages; these keep the rollout on the safe side.
 */
export function resolveRateControl(value: string, targetCount: number, kind: 'concurrency' | 'errors'): number {
  if (!value.endsWith('%')) {
    return Number(value);
  }
  const share = (Number(value.slice(0, -1)) * targetCount) / 100;
  return kind === 'concurrency' ? Math.max(1, Math.ceil(share)) : Math.floor(share);
}

/** MaxConcurrency: a number from 1 or a percentage from 1% to 100% (the API's pattern). */
export const MAX_CONCURRENCY_PATTERN = /^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$/;
/** MaxErrors: a number from 0 or a percentage from 0% to 100% (the API's pattern). */
export const MAX_ERRORS_PATTERN = /^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$/;
