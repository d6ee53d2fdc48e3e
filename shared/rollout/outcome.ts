import type { ScriptResult } from './result-line.js';

/** How one instance ended up after a command, from the operator's point of view. */
export type InstanceOutcomeKind = 'applied' | 'unchanged' | 'rolled_back' | 'failed' | 'not_reached' | 'pending';

/** One invocation as ListCommandInvocations returns it (with Details), reduced to what matters. */
export interface InvocationRecord {
  instanceId: string;
  instanceName?: string;
  /** Invocation status: Pending, InProgress, Delayed, Success, Cancelled, TimedOut, Failed, Cancelling. */
  status: string;
  /** Finer status such as `Undeliverable`, `Delivery Timed Out`, `Execution Timed Out`. */
  statusDetails?: string;
  /** Output of the script step, as far as Run Command kept it (the first 2,500 characters). */
  output?: string;
  responseCode?: number;
}

/** One instance's classified result, the unit of every summary and alert. */
export interface InstanceOutcome {
  instanceId: string;
  kind: InstanceOutcomeKind;
  /** Why, in Run Command's or the script's words: the status detail or the failed step. */
  reason: string | null;
  step: string | null;
  message: string | null;
  fingerprint: string | null;
  version: string | null;
  previousVersion: string | null;
}

/** Status details that mean the script never ran on the instance. */
const NOT_REACHED_DETAILS = new Set([
  'Undeliverable',
  'Delivery Timed Out',
  'InvalidPlatform',
  'Invalid Platform',
  'AccessDenied',
  'Access Denied',
  'Cancelled',
  'No Instances In Tag',
]);

const PENDING_STATUSES = new Set(['Pending', 'InProgress', 'Delayed', 'Cancelling']);

/**
 * Classifies one invocation. The script's own result line decides when it is there, because
 * "Failed" alone cannot tell a clean rollback from a broken instance. Without a result line, the
 * Run Command status decides: delivery problems are "not reached", everything else "failed".
 */
export function classifyInvocation(invocation: InvocationRecord, result: ScriptResult | undefined): InstanceOutcome {
  const base = {
    instanceId: invocation.instanceId,
    step: result?.step ?? null,
    message: result?.message ?? null,
    fingerprint: result?.fingerprint ?? null,
    version: result?.version ?? null,
    previousVersion: result?.previousVersion ?? null,
  };
  const detail = invocation.statusDetails ?? invocation.status;

  if (PENDING_STATUSES.has(invocation.status)) {
    return { ...base, kind: 'pending', reason: detail };
  }
  if (result) {
    // A script that printed "applied" but was killed before exiting 0 did not finish cleanly.
    if ((result.status === 'applied' || result.status === 'unchanged') && invocation.status !== 'Success') {
      return { ...base, kind: 'failed', reason: detail };
    }
    return { ...base, kind: result.status, reason: result.status === 'applied' || result.status === 'unchanged' ? null : detail };
  }
  if (NOT_REACHED_DETAILS.has(detail) || (invocation.status === 'Cancelled' && detail !== 'Terminated')) {
    return { ...base, kind: 'not_reached', reason: detail };
  }
  const reason = invocation.status === 'Success' ? 'no result line in the output' : detail;
  return { ...base, kind: 'failed', reason };
}
