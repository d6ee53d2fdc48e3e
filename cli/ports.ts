/** A request to roll one token version out to the fleet. */
export interface RolloutRequest {
  parameter: string;
  version: number;
  /** True lets instances move to a version older than the one they run. */
  rollback: boolean;
  trigger: 'cli';
}

/** What a rollout request started. */
export interface RolloutStarted {
  commandIds: string[];
  /** Instances targeted, when Run Command already counted them; null until it resolved the tag. */
  targetCount: number | null;
}

/** A request to stop the running rollout of a parameter; without a version, of any version. */
export interface AbortRequest {
  parameter: string;
  version: number | null;
}

/** What an abort stopped. */
export interface RolloutAborted {
  cancelledCommandIds: string[];
}

/**
 * Starts and stops rollouts for the CLI. The adapter in aws/ssm-rollout-control.ts sends the
 * refresh document itself; the service's domain functions for rollouts can implement this port
 * instead, so that CLI rollouts take the same path (claims, canary wave) as event-driven ones.
 */
export interface RolloutControl {
  request(request: RolloutRequest): Promise<RolloutStarted>;
  abort(request: AbortRequest): Promise<RolloutAborted>;
}
