import type { DesiredAfterStop } from '../shared/rollout/restore-desired.js';
/** A request to roll one token version out to the fleet. */
export interface RolloutRequest {
  parameter: string;
  version: number;
  /** True lets instances move to a version older than the one they run. */
  rollback: boolean;
}

/** Outcome of a rollout request. */
export type RolloutStarted =
  | { action: 'started'; wave: 'canary' | 'fleet'; commandId: string }
  /** A rollout of the version is already under way; its claim has this state. */
  | { action: 'already_running'; state: string }
  /** A newer version is desired, so this one is not rolled out (a rollback would be). */
  | { action: 'superseded'; desiredVersion: number }
  | { action: 'blocked'; reason: string }
  | { action: 'not_started'; reason: string };

/** A request to stop the running rollout of a parameter; without a version, of any version. */
export interface AbortRequest {
  parameter: string;
  version: number | null;
}

/** Outcome of an abort. */
export interface RolloutAborted {
  cancelledCommandIds: string[];
  /** Versions whose claim was marked aborted. */
  abortedVersions: number[];
  /** State of the `desired` label after each aborted version. */
  desired: Array<{ version: number; after: DesiredAfterStop }>;
}

/**
 * Starts and stops rollouts for the CLI. The adapter in rollout/domain-rollout-control.ts runs
 * the service's own rollout steps (claim, canary, labels), so a rollout the CLI starts is driven
 * by the deployed functions exactly like one a parameter change starts.
 */
export interface RolloutControl {
  request(request: RolloutRequest): Promise<RolloutStarted>;
  abort(request: AbortRequest): Promise<RolloutAborted>;
}
