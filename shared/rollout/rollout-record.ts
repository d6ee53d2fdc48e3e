/** Progress state of the rollout of one (parameter, version), stored as the claim's value. */
export type RolloutState =
  | 'claimed'
  | 'canary_running'
  | 'fleet_running'
  | 'completed'
  | 'failed'
  | 'superseded'
  | 'aborted'
  | 'blocked';

/** States after which nothing more happens for the version unless an operator re-runs it. */
export const FINAL_STATES: readonly RolloutState[] = ['completed', 'failed', 'superseded', 'aborted', 'blocked'];

/** The claim of one token version: the idempotency key and the progress of its rollout. */
export interface RolloutRecord {
  parameter: string;
  version: number;
  state: RolloutState;
  /** Set for an operator's rollback: instances may then move to an older version. */
  rollback: boolean;
  /** Starter of the rollout: `event`, `cli` or `redrive`. */
  trigger: string;
  claimedAt: string;
  updatedAt: string;
  canaryCommandId?: string;
  canaryInstanceIds?: string[];
  fleetCommandId?: string;
  /** Version labelled `desired` before this rollout moved the label, or null when there was none. */
  desiredBefore?: number | null;
  /** Reason the rollout stopped, for the failed, blocked, aborted and superseded states (English, for logs). */
  reason?: string;
  /** The same reason as data, so that each reader words it in its own language. */
  cause?: StopCause;
}

/** Cause of a stopped rollout. The preflight's block reason stays text (`reason`), in the alert language. */
export type StopCause =
  | { kind: 'canary_failed' }
  | { kind: 'instances_failed'; failed: number; total: number }
  | { kind: 'superseded'; byVersion: number | null }
  | { kind: 'aborted_by_operator' };
