/** Where a rollout of one (parameter, version) stands; stored as the claim's value. */
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
  /** Who started it: `event`, `cli`, `redrive`. */
  trigger: string;
  claimedAt: string;
  updatedAt: string;
  canaryCommandId?: string;
  canaryInstanceIds?: string[];
  fleetCommandId?: string;
  /** Why the rollout stopped, for failed, blocked, aborted and superseded states. */
  reason?: string;
}
