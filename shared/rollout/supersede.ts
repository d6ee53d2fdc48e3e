import type { RolloutDeps } from './rollout-deps.js';
import { FINAL_STATES } from './rollout-record.js';

/**
 * Stops the rollout of `olderVersion` because `newerVersion` replaces it: cancels its commands
 * (instances that already ran it keep working, the on-instance version guard refuses to move an
 * instance back) and marks its claim superseded so its results start no further wave.
 */
export async function supersedeRunningRollout(
  parameter: string,
  olderVersion: number,
  newerVersion: number,
  deps: RolloutDeps,
): Promise<void> {
  const record = await deps.store.get(parameter, olderVersion);
  if (!record || FINAL_STATES.includes(record.state)) return;

  for (const commandId of [record.canaryCommandId, record.fleetCommandId]) {
    if (!commandId) continue;
    try {
      await deps.commands.cancelCommand(commandId);
    } catch (error) {
      // A command that already ended cannot be cancelled; the claim state below still stops it.
      deps.logger.info('rollout.cancel_skipped', { parameter, version: olderVersion, commandId, error: error instanceof Error ? error.message : String(error) });
    }
  }
  await deps.store.save({
    ...record,
    state: 'superseded',
    reason: `version ${newerVersion} replaced it`,
    cause: { kind: 'superseded', byVersion: newerVersion },
    updatedAt: deps.clock().toISOString(),
  });
  deps.logger.info('rollout.superseded', { parameter, version: olderVersion, by: newerVersion });
}
