import { ALERT_CATALOGS } from '../alerts/catalog.js';
import { toSnsSubject } from '../alerts/limits.js';
import { AwsOperationError } from '../aws/errors.js';
import type { RefreshCommandRequest } from '../aws/run-command.js';
import { versionWithLabel } from '../aws/version-labels.js';
import { canaryCount, canaryNeedsFleetSize } from './canary.js';
import type { RolloutDeps } from './rollout-deps.js';
import { FINAL_STATES, type RolloutRecord } from './rollout-record.js';
import { supersedeRunningRollout } from './supersede.js';

/** A request to roll one token version out to the fleet. */
export interface RolloutRequest {
  parameter: string;
  version: number;
  /** Allow instances to move to an older version (an operator's rollback). */
  rollback: boolean;
  /** `event` (a parameter change), `cli` (an operator), `redrive` (the scheduled check). */
  trigger: 'event' | 'cli' | 'redrive';
  /** Start again although the version was rolled out before (an operator's re-run). */
  rerun?: boolean;
  /** The version's token when the caller read it already, for the pre-flight check only. */
  token?: string;
}

export type RolloutRequestResult =
  | { action: 'duplicate'; state: RolloutRecord['state'] | 'unknown' }
  | { action: 'superseded'; desiredVersion: number }
  | { action: 'blocked'; reason: string }
  | { action: 'canary_started'; commandId: string; instanceIds: string[] }
  | { action: 'fleet_started'; commandId: string }
  | { action: 'not_started'; reason: string };

/** AWS errors that a retry cannot fix: alert at once instead of retrying. */
const PERMANENT_ERRORS = new Set([
  'InvalidDocument',
  'InvalidDocumentVersion',
  'InvalidParameters',
  'InvalidInstanceId',
  'InvalidTarget',
  'InvalidRole',
  'AccessDeniedException',
  'ParameterNotFound',
  'ParameterVersionNotFound',
  'ParameterVersionLabelLimitExceeded',
]);

/**
 * Starts the rollout of one version. It claims the version, so duplicate deliveries start nothing,
 * runs the pre-flight check and supersedes an older rollout still running. Then it moves the
 * `desired` label and sends the canary wave, or the fleet command when no instance is online. A failure before the
 * command is sent releases the claim: transient errors are rethrown for Lambda's retry, permanent
 * ones alert.
 */
export async function requestRollout(request: RolloutRequest, deps: RolloutDeps): Promise<RolloutRequestResult> {
  const { parameter, version } = request;
  const { logger } = deps;
  const now = deps.clock().toISOString();
  const record: RolloutRecord = {
    parameter,
    version,
    state: 'claimed',
    rollback: request.rollback,
    trigger: request.trigger,
    claimedAt: now,
    updatedAt: now,
  };

  if (!(await deps.store.claim(record))) {
    const existing = await deps.store.get(parameter, version);
    const restartable =
      (request.rerun && existing && FINAL_STATES.includes(existing.state)) ||
      (request.trigger === 'redrive' && existing?.state === 'claimed');
    if (!restartable) {
      logger.info('rollout.duplicate', { parameter, version, state: existing?.state ?? 'unknown', trigger: request.trigger });
      return { action: 'duplicate', state: existing?.state ?? 'unknown' };
    }
    await deps.store.save(record);
  }
  logger.info('rollout.claimed', { parameter, version, trigger: request.trigger, rollback: request.rollback });

  try {
    return await startClaimedRollout(record, deps, request.token);
  } catch (error) {
    await deps.store.release(parameter, version);
    logger.warn('rollout.claim_released', { parameter, version, error: describe(error) });
    if (error instanceof AwsOperationError && PERMANENT_ERRORS.has(error.code)) {
      const text = ALERT_CATALOGS[deps.config.alertLanguage];
      await deps.alerts.publish({
        subject: toSnsSubject(`[${deps.config.stackName}] ${text.subjectRolloutNotStarted(parameter)}`),
        message: text.rolloutNotStartedBody(parameter, String(version), error.message),
      });
      logger.error('rollout.not_started', { parameter, version, error: describe(error) });
      return { action: 'not_started', reason: error.message };
    }
    throw error;
  }
}

async function startClaimedRollout(record: RolloutRecord, deps: RolloutDeps, token?: string): Promise<RolloutRequestResult> {
  const { logger } = deps;
  const { parameter, version } = record;

  if (deps.preflight) {
    const verdict = await deps.preflight.check(parameter, version, token);
    logger.info('rollout.preflight', { parameter, version, verdict: verdict.verdict, reason: verdict.reason });
    if (verdict.verdict === 'block') return blockRollout(record, verdict.reason ?? 'the token was rejected', deps);
  }

  const history = await deps.labels.history(parameter);
  const desired = versionWithLabel(history, 'desired');
  if (!record.rollback && desired !== null && desired > version) {
    await save(deps, {
      ...record,
      state: 'superseded',
      reason: `version ${desired} is already desired`,
      cause: { kind: 'superseded', byVersion: desired },
    });
    logger.info('rollout.superseded', { parameter, version, desiredVersion: desired });
    return { action: 'superseded', desiredVersion: desired };
  }
  // A desired version that is also deployed finished its rollout: nothing to supersede.
  const unfinished = desired !== null && desired !== version && versionWithLabel(history, 'deployed') !== desired;
  if (unfinished) await supersedeRunningRollout(parameter, desired, version, deps);
  await deps.labels.move(parameter, 'desired', version);

  const canaryIds = await pickCanary(deps);
  const base = refreshRequest(record, deps);
  if (canaryIds.length === 0) {
    const sent = await deps.commands.sendRefreshCommand({ ...base, comment: `${base.comment} fleet` });
    await save(deps, { ...record, state: 'fleet_running', fleetCommandId: sent.commandId });
    logger.info('rollout.fleet_started', { parameter, version, commandId: sent.commandId, reason: 'no online instance for a canary' });
    return { action: 'fleet_started', commandId: sent.commandId };
  }

  const sent = await deps.commands.sendRefreshCommand({
    ...base,
    instanceIds: canaryIds,
    maxConcurrency: String(canaryIds.length),
    maxErrors: '0',
    comment: `${base.comment} canary`,
  });
  await save(deps, { ...record, state: 'canary_running', canaryCommandId: sent.commandId, canaryInstanceIds: canaryIds, desiredBefore: desired === version ? null : desired });
  logger.info('rollout.canary_started', { parameter, version, commandId: sent.commandId, instanceIds: canaryIds });
  return { action: 'canary_started', commandId: sent.commandId, instanceIds: canaryIds };
}

async function pickCanary(deps: RolloutDeps): Promise<string[]> {
  const { config } = deps;
  if (canaryNeedsFleetSize(config.canarySize)) {
    const online = await deps.instances.onlineTagged(config.targetTagKey, config.targetTagValues);
    return online.slice(0, canaryCount(config.canarySize, online.length));
  }
  const count = canaryCount(config.canarySize, null);
  if (count === 0) return [];
  return deps.instances.onlineTagged(config.targetTagKey, config.targetTagValues, count);
}

async function blockRollout(record: RolloutRecord, reason: string, deps: RolloutDeps): Promise<RolloutRequestResult> {
  const { config } = deps;
  const text = ALERT_CATALOGS[config.alertLanguage];
  await save(deps, { ...record, state: 'blocked', reason });
  await deps.alerts.publish({
    subject: toSnsSubject(`[${config.stackName}] ${text.subjectRolloutBlocked(record.parameter, String(record.version))}`),
    message: text.rolloutBlockedBody(record.parameter, String(record.version), reason),
  });
  await deps.escalator.escalate({
    dedupKey: `${config.stackName}:${record.parameter}:${record.version}:blocked`,
    title: `HF token ${record.parameter} v${record.version} rejected by the pre-flight check`,
    summary: reason,
    impact: 2,
  });
  deps.logger.warn('rollout.blocked', { parameter: record.parameter, version: record.version, reason });
  return { action: 'blocked', reason };
}

/** Builds the command fields that every wave of a rollout shares. */
export function refreshRequest(record: RolloutRecord, deps: RolloutDeps): RefreshCommandRequest {
  const { config } = deps;
  return {
    documentName: config.documentName,
    parameter: record.parameter,
    version: String(record.version),
    rollback: record.rollback,
    targetTagKey: config.targetTagKey,
    targetTagValues: config.targetTagValues,
    maxConcurrency: config.maxConcurrency,
    maxErrors: config.maxErrors,
    deliveryTimeoutSeconds: config.deliveryTimeoutSeconds,
    comment: `hf-token-rotation ${record.parameter}:${record.version}`,
  };
}

/** Saves a new state of the claim with the current time. */
export async function save(deps: RolloutDeps, record: RolloutRecord): Promise<void> {
  await deps.store.save({ ...record, updatedAt: deps.clock().toISOString() });
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
