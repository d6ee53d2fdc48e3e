import type { Alert, AlertPublisher } from '../alerts/alert.js';
import { ALERT_CATALOGS } from '../alerts/catalog.js';
import { toSnsSubject } from '../alerts/limits.js';
import type { ServiceConfig } from '../config/config.js';
import { parameterChangePattern } from '../config/event-patterns.cjs';
import { AwsOperationError } from '../aws/errors.js';
import type { ParameterStore } from '../aws/parameter-store.js';
import type { CommandSender } from '../aws/run-command.js';
import { matchesPattern } from '../events/pattern-match.js';
import type { ParameterChangeEvent } from '../events/schemas.js';
import type { StepLogger } from '../logging/logger.js';

export interface StartRolloutDeps {
  config: ServiceConfig;
  parameters: ParameterStore;
  commands: CommandSender;
  alerts: AlertPublisher;
  logger: StepLogger;
}

export type ParameterChangeResult =
  | { action: 'ignored'; reason: string }
  | { action: 'deletion_alerted'; parameter: string }
  | { action: 'rollout_started'; parameter: string; version: string; commandId: string }
  | { action: 'rollout_not_started'; parameter: string; reason: string };

/** AWS errors that a retry cannot fix: alert at once instead of retrying. */
const PERMANENT_SEND_ERRORS = new Set([
  'InvalidDocument',
  'InvalidDocumentVersion',
  'InvalidParameters',
  'InvalidRole',
  'AccessDeniedException',
  'ParameterNotFound',
]);

/**
 * Reacts to one Parameter Store change: ignores what the rule should not have sent, alerts on a
 * deletion, and otherwise sends the refresh command for the parameter's current version to the
 * tagged fleet. Transient AWS failures are rethrown so Lambda retries the event.
 */
export async function startRollout(event: ParameterChangeEvent, deps: StartRolloutDeps): Promise<ParameterChangeResult> {
  const { config, logger } = deps;
  const { name, operation } = event.detail;
  logger.info('parameter_change.received', { eventId: event.id, parameter: name, operation });

  if (!matchesPattern(parameterChangePattern(config.watchedParameters), event)) {
    logger.info('parameter_change.ignored', { eventId: event.id, parameter: name, operation, reason: 'not_matching_rule' });
    return { action: 'ignored', reason: `operation ${operation} on ${name} is not handled` };
  }

  const text = ALERT_CATALOGS[config.alertLanguage];
  if (operation === 'Delete') {
    await deps.alerts.publish({
      subject: toSnsSubject(`[${config.stackName}] ${text.subjectParameterDeleted(name)}`),
      message: text.parameterDeletedBody(name, event.time),
    });
    logger.warn('parameter_change.deleted_alerted', { eventId: event.id, parameter: name });
    return { action: 'deletion_alerted', parameter: name };
  }

  let version: string | null = null;
  try {
    const current = await deps.parameters.currentVersion(name);
    version = String(current.version);
    logger.info('rollout.version_resolved', { parameter: name, version });

    const sent = await deps.commands.sendRefreshCommand({
      documentName: config.documentName,
      parameter: name,
      version,
      targetTagKey: config.targetTagKey,
      targetTagValues: config.targetTagValues,
      maxConcurrency: config.maxConcurrency,
      maxErrors: config.maxErrors,
      deliveryTimeoutSeconds: config.deliveryTimeoutSeconds,
      comment: `hf-token-rotation ${name}:${version}`,
    });
    logger.info('rollout.started', { parameter: name, version, commandId: sent.commandId, targetCount: sent.targetCount });
    return { action: 'rollout_started', parameter: name, version, commandId: sent.commandId };
  } catch (error) {
    if (!(error instanceof AwsOperationError) || !PERMANENT_SEND_ERRORS.has(error.code)) {
      logger.error('rollout.start_failed_retrying', { parameter: name, version, error: describe(error) });
      throw error;
    }
    const alert: Alert = {
      subject: toSnsSubject(`[${config.stackName}] ${text.subjectRolloutNotStarted(name)}`),
      message: text.rolloutNotStartedBody(name, version, error.message),
    };
    await deps.alerts.publish(alert);
    logger.error('rollout.not_started', { parameter: name, version, error: describe(error) });
    return { action: 'rollout_not_started', parameter: name, reason: error.message };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
