import { versionWithLabel } from '../aws/version-labels.js';
import type { RolloutDeps } from './rollout-deps.js';
import type { RolloutRecord } from './rollout-record.js';

/** The `desired` label after a rollout stopped: moved back, left to a newer version, or kept. */
export type DesiredAfterStop = { kind: 'restored'; version: number } | { kind: 'newer' } | { kind: 'kept' };

/**
 * Points `desired` back to the version the fleet ran before a rollout that stopped (a failed
 * canary, an operator's abort). The State Manager association applies `desired` to every
 * instance, so a label left on the stopped version would roll it out within one schedule
 * interval. The target is `deployed`, else the version desired before the rollout, else the
 * newest older version. The label stays where it is when a newer version exists, because that
 * version's rollout owns it, and when the stopped version is the oldest one.
 */
export async function restoreDesired(record: RolloutRecord, deps: Pick<RolloutDeps, 'labels' | 'logger'>): Promise<DesiredAfterStop> {
  const ids = { parameter: record.parameter, version: record.version };
  const history = await deps.labels.history(record.parameter);
  // NOTE: a newer version stored between this read and the move below could still lose the
  // label. Its canary would then end as superseded, and the daily drift check reports it.
  if (versionWithLabel(history, 'desired') !== record.version || history.some((entry) => entry.version > record.version)) {
    deps.logger.info('rollout.desired_left_to_newer', ids);
    return { kind: 'newer' };
  }
  const older = history.filter((entry) => entry.version < record.version).map((entry) => entry.version);
  const before = record.desiredBefore !== record.version ? (record.desiredBefore ?? null) : null;
  const target = versionWithLabel(history, 'deployed') ?? before ?? (older.length > 0 ? Math.max(...older) : null);
  if (target === null || target === record.version) {
    deps.logger.warn('rollout.desired_kept', { ...ids, reason: 'no earlier version to return to' });
    return { kind: 'kept' };
  }
  await deps.labels.move(record.parameter, 'desired', target);
  deps.logger.info('rollout.desired_restored', { ...ids, desiredVersion: target });
  return { kind: 'restored', version: target };
}
