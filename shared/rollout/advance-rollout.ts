import { rolloutAlert } from '../alerts/rollout-alert.js';
import { versionWithLabel } from '../aws/version-labels.js';
import { refreshRequest, save } from './request-rollout.js';
import { restoreDesired, type DesiredAfterStop } from './restore-desired.js';
import { waitOf, type RolloutDeps } from './rollout-deps.js';
import type { RolloutRecord } from './rollout-record.js';
import type { RolloutSummary } from './summary.js';

/** Wave of a rollout that a finished command belongs to. */
export type RolloutPhase = 'canary' | 'fleet' | 'other';

export type AdvanceResult =
  | { phase: 'canary'; next: 'fleet_started' | 'stopped' | 'superseded' | 'stale'; commandId?: string }
  | { phase: 'fleet'; next: 'completed' | 'failed' | 'stale' }
  | { phase: 'other'; next: 'reported' };

/**
 * Moves a rollout on after one of its commands ended. A healthy canary starts the fleet wave
 * unless a newer version became desired meanwhile, and a failed canary stops the rollout. The
 * fleet wave's end labels the version `deployed` when every reachable instance runs it. Commands
 * that belong to no claim (the association, a manual run) are only reported. Of several
 * deliveries of one status event, only the one that claims the command's end acts. `takeOver`
 * (the scheduled re-drive) skips that claim, so it can finish an end whose handler died halfway.
 */
export async function advanceRollout(
  commandId: string,
  summary: RolloutSummary,
  deps: RolloutDeps,
  options: { takeOver?: boolean } = {},
): Promise<AdvanceResult> {
  const record = await readClaimForCommand(commandId, summary, deps);
  let phase: RolloutPhase = 'other';
  if (record?.canaryCommandId === commandId) phase = 'canary';
  else if (record?.fleetCommandId === commandId) phase = 'fleet';

  if (record && phase !== 'other' && !options.takeOver && !(await deps.store.claimCommandEnd(record.parameter, record.version, commandId))) {
    // Another delivery of this status event is handling (or has handled) the command's end.
    deps.logger.info('rollout.command_end_duplicate', { parameter: record.parameter, version: record.version, commandId });
    return { phase, next: 'stale' };
  }
  if (phase === 'canary' && record) return advanceCanary(record, summary, deps);
  if (phase === 'fleet' && record) return finishFleet(record, summary, deps);
  await alertIfNeeded(summary, 'fleet', deps);
  return { phase: 'other', next: 'reported' };
}

/** Delays between re-reads of a claim that has not recorded its newest wave yet, in milliseconds. */
export const CLAIM_READ_BACKOFF_MS = [250, 500, 1_000, 2_000, 4_000];

/** The claim had not recorded the command after every re-read; Lambda retries the event. */
export class ClaimNotUpdatedError extends Error {
  override readonly name = 'ClaimNotUpdatedError';

  constructor(
    readonly parameter: string,
    readonly version: number,
    readonly commandId: string,
  ) {
    super(
      `The claim of ${parameter}:${version} has not recorded command ${commandId} yet ` +
        '(its rollout saves the command id right after SendCommand); the event will be retried.',
    );
  }
}

/**
 * Reads the claim of the command's version. A wave can end before the function that sent it has
 * saved its command id, because a one-instance canary takes seconds and a throttled save can take
 * longer. So a claim that is still waiting for its newest wave is read again with backoff.
 */
async function readClaimForCommand(commandId: string, summary: RolloutSummary, deps: RolloutDeps): Promise<RolloutRecord | null> {
  const version = Number(summary.version);
  if (!summary.parameter || !Number.isInteger(version)) return null;
  const wait = waitOf(deps);
  let record = await deps.store.get(summary.parameter, version);
  for (const delay of CLAIM_READ_BACKOFF_MS) {
    if (!awaitsWave(record, commandId)) return record;
    deps.logger.info('rollout.claim_not_updated', { parameter: summary.parameter, version, commandId, state: record?.state });
    await wait(delay);
    record = await deps.store.get(summary.parameter, version);
  }
  if (awaitsWave(record, commandId)) throw new ClaimNotUpdatedError(summary.parameter, version, commandId);
  return record;
}

/**
 * True when the claim may not have recorded this command yet: no wave recorded at all, or a
 * canary recorded while another command (the fleet wave about to be saved) ended.
 */
function awaitsWave(record: RolloutRecord | null, commandId: string): boolean {
  if (!record) return false;
  if (record.state === 'claimed') return true;
  return record.state === 'canary_running' && record.canaryCommandId !== commandId;
}

async function advanceCanary(record: RolloutRecord, summary: RolloutSummary, deps: RolloutDeps): Promise<AdvanceResult> {
  const { logger } = deps;
  const ids = { parameter: record.parameter, version: record.version, commandId: record.canaryCommandId };
  if (record.state !== 'canary_running') {
    logger.info('rollout.canary_result_ignored', { ...ids, state: record.state });
    return { phase: 'canary', next: 'stale' };
  }

  if (!summary.healthy) {
    // The label moves first: if that fails, the claim stays canary_running, and the scheduled
    // re-drive takes this end over again instead of leaving desired on the failed version.
    const desired = await restoreDesired(record, deps);
    await save(deps, { ...record, state: 'failed', reason: 'canary failed', cause: { kind: 'canary_failed' } });
    await alertIfNeeded(summary, 'canary', deps, desired);
    await deps.escalator.escalate({
      dedupKey: `${deps.config.stackName}:${record.parameter}:${record.version}:rollout`,
      title: `HF token rollout ${record.parameter} v${record.version}: canary failed, rollout stopped`,
      summary: problemSummary(summary),
      impact: 2,
    });
    logger.warn('rollout.canary_failed', { ...ids, counts: summary.counts });
    return { phase: 'canary', next: 'stopped' };
  }

  const desired = versionWithLabel(await deps.labels.history(record.parameter), 'desired');
  if (desired !== record.version) {
    await save(deps, {
      ...record,
      state: 'superseded',
      reason: `version ${desired ?? 'none'} became desired during the canary`,
      cause: { kind: 'superseded', byVersion: desired },
    });
    logger.info('rollout.superseded', { ...ids, desiredVersion: desired });
    return { phase: 'canary', next: 'superseded' };
  }

  const base = refreshRequest(record, deps);
  const sent = await deps.commands.sendRefreshCommand({ ...base, comment: `${base.comment} fleet` });
  await save(deps, { ...record, state: 'fleet_running', fleetCommandId: sent.commandId });
  logger.info('rollout.fleet_started', { ...ids, fleetCommandId: sent.commandId });
  return { phase: 'canary', next: 'fleet_started', commandId: sent.commandId };
}

async function finishFleet(record: RolloutRecord, summary: RolloutSummary, deps: RolloutDeps): Promise<AdvanceResult> {
  const { config, logger } = deps;
  const ids = { parameter: record.parameter, version: record.version, commandId: record.fleetCommandId };
  if (record.state !== 'fleet_running') {
    logger.info('rollout.fleet_result_ignored', { ...ids, state: record.state });
    return { phase: 'fleet', next: 'stale' };
  }

  const broken = summary.counts.failed + summary.counts.rolled_back;
  const running = summary.counts.applied + summary.counts.unchanged;
  const deployed = broken === 0 && summary.counts.pending === 0 && running > 0;

  if (deployed) {
    const history = await deps.labels.history(record.parameter);
    const before = versionWithLabel(history, 'deployed');
    if (before !== null && before !== record.version) await deps.labels.move(record.parameter, 'previous', before);
    await deps.labels.move(record.parameter, 'deployed', record.version);
    await save(deps, { ...record, state: 'completed' });
    logger.info('rollout.completed', { ...ids, counts: summary.counts, previousVersion: before });
  } else {
    await save(deps, {
      ...record,
      state: 'failed',
      reason: `failed or rolled back on ${broken} of ${summary.instances.length} instances`,
      cause: { kind: 'instances_failed', failed: broken, total: summary.instances.length },
    });
    logger.warn('rollout.failed', { ...ids, counts: summary.counts });
  }
  await alertIfNeeded(summary, 'fleet', deps);

  const total = summary.instances.length;
  if (total > 0 && (broken * 100) / total > config.fleetFailurePercent) {
    await deps.escalator.escalate({
      dedupKey: `${config.stackName}:${record.parameter}:${record.version}:rollout`,
      title: `HF token rollout ${record.parameter} v${record.version}: ${broken} of ${total} instances failed`,
      summary: problemSummary(summary),
      impact: 2,
    });
  }
  return { phase: 'fleet', next: deployed ? 'completed' : 'failed' };
}

async function alertIfNeeded(summary: RolloutSummary, phase: 'canary' | 'fleet', deps: RolloutDeps, desiredAfterCanary?: DesiredAfterStop): Promise<void> {
  const { config } = deps;
  const alert = rolloutAlert(
    summary,
    {
      language: config.alertLanguage,
      stackName: config.stackName,
      targetDescription: `tag:${config.targetTagKey}=${config.targetTagValues.join(',')}`,
      composeService: config.composeService,
      phase,
      ...(desiredAfterCanary ? { desiredAfterCanary } : {}),
    },
    config.notifyOnSuccess,
  );
  if (!alert) return;
  await deps.alerts.publish(alert);
  deps.logger.info('alert.published', { commandId: summary.commandId, subject: alert.subject });
}

/** Describes a failed wave for an incident: counts and the first failing instances, no token data. */
function problemSummary(summary: RolloutSummary): string {
  const problems = summary.instances
    .filter((instance) => instance.kind !== 'applied' && instance.kind !== 'unchanged')
    .slice(0, 20)
    .map((instance) => `${instance.instanceId}: ${instance.kind}${instance.step ? ` (step ${instance.step})` : ''}`);
  return [`command ${summary.commandId}`, `counts ${JSON.stringify(summary.counts)}`, ...problems].join('\n');
}
