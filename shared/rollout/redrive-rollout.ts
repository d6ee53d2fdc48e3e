import { advanceRollout } from './advance-rollout.js';
import { readFinishedInvocations } from './read-results.js';
import { requestRollout } from './request-rollout.js';
import type { RolloutDeps } from './rollout-deps.js';
import type { RolloutRecord } from './rollout-record.js';
import { summarizeInvocations } from './summary.js';

const TERMINAL_COMMAND_STATUSES = new Set(['Success', 'Failed', 'TimedOut', 'Cancelled']);

export type RedriveResult = 'restarted' | 'advanced' | 'still_running' | 'nothing_to_do';

/**
 * Continues a rollout whose claim stopped moving. A claim without a command, because the function
 * ended between claim and send, is started again. A wave whose command ended but whose status
 * event never arrived (EventBridge delivery is best effort) is advanced from the command's
 * results. A wave still running is left alone.
 */
export async function redriveRollout(record: RolloutRecord, deps: RolloutDeps): Promise<RedriveResult> {
  const { parameter, version } = record;
  if (record.state === 'claimed') {
    await requestRollout({ parameter, version, rollback: record.rollback, trigger: 'redrive' }, deps);
    return 'restarted';
  }

  let commandId: string | undefined;
  if (record.state === 'canary_running') commandId = record.canaryCommandId;
  else if (record.state === 'fleet_running') commandId = record.fleetCommandId;
  if (!commandId) return 'nothing_to_do';

  const command = await deps.commands.describeCommand(commandId);
  if (!command.status || !TERMINAL_COMMAND_STATUSES.has(command.status)) {
    deps.logger.info('rollout.redrive_waiting', { parameter, version, commandId, status: command.status });
    return 'still_running';
  }
  const invocations = await readFinishedInvocations(commandId, deps);
  const summary = summarizeInvocations({
    commandId,
    commandStatus: command.status,
    parameter,
    requestedVersion: String(version),
    invocations,
  });
  deps.logger.warn('rollout.redrive_advancing', { parameter, version, commandId, status: command.status });
  // The re-drive runs only for claims that stopped moving, so it may take over an end whose
  // handler claimed it and then died.
  await advanceRollout(commandId, summary, deps, { takeOver: true });
  return 'advanced';
}
