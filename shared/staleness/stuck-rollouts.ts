import type { StepLogger } from '../logging/logger.js';
import type { RolloutRecord } from '../rollout/rollout-record.js';
import { finding, type Finding } from './finding.js';
import type { RolloutRedriver } from './redriver.js';

/** Claim states in which a rollout waits for its own next step; one that stays there is stuck. */
const MOVING_STATES = new Set<RolloutRecord['state']>(['claimed', 'canary_running', 'fleet_running']);

/**
 * Re-drives every claim of `parameter` that has not moved for at least `stuckMinutes`: a claim
 * without a command (the function ended before sending it), or a wave whose status event never
 * arrived. A failed re-drive is an error finding; the other claims still run.
 */
export async function redriveStuckClaims(
  parameter: string,
  records: RolloutRecord[],
  options: { redriver: RolloutRedriver; stuckMinutes: number; now: Date; logger: StepLogger },
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const record of records) {
    if (record.parameter !== parameter || !MOVING_STATES.has(record.state)) continue;
    const since = Date.parse(record.updatedAt || record.claimedAt);
    const minutes = Math.floor((options.now.getTime() - since) / 60_000);
    if (!Number.isFinite(since) || minutes < options.stuckMinutes) continue;

    let error: string | null = null;
    try {
      const result = await options.redriver.redrive(record);
      if (result === 'still_running') continue;
      options.logger.warn('rollout.redriven', { parameter, version: record.version, claimedAt: record.claimedAt, minutes });
    } catch (caught) {
      error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
      options.logger.error('rollout.redrive_failed', { parameter, version: record.version, error });
    }
    findings.push(
      finding(parameter, String(record.version), error === null ? 'warning' : 'error', {
        kind: 'rollout_stuck',
        version: record.version,
        claimedAt: record.claimedAt,
        minutes,
        redriven: error === null,
        error,
      }),
    );
  }
  return findings;
}
