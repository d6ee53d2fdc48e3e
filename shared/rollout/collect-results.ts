import type { AlertPublisher } from '../alerts/alert.js';
import { rolloutAlert } from '../alerts/rollout-alert.js';
import type { ServiceConfig } from '../config/config.js';
import { commandStatusPattern } from '../config/event-patterns.cjs';
import type { InvocationReader } from '../aws/run-command.js';
import { matchesPattern } from '../events/pattern-match.js';
import type { CommandStatusEvent } from '../events/schemas.js';
import type { StepLogger } from '../logging/logger.js';
import { summarizeInvocations, type RolloutSummary } from './summary.js';

export interface CollectResultsDeps {
  config: ServiceConfig;
  invocations: InvocationReader;
  alerts: AlertPublisher;
  logger: StepLogger;
}

export type CommandStatusResult =
  | { action: 'ignored'; reason: string }
  | { action: 'summarized'; summary: RolloutSummary; alerted: boolean };

/**
 * Reads every invocation of a finished refresh command, classifies each instance and alerts when
 * any instance is not on the new token (or on success, when configured).
 */
export async function collectResults(event: CommandStatusEvent, deps: CollectResultsDeps): Promise<CommandStatusResult> {
  const { config, logger } = deps;
  const commandId = event.detail['command-id'];
  const status = event.detail.status;

  if (!matchesPattern(commandStatusPattern(config.documentName), event)) {
    logger.info('command_status.ignored', { eventId: event.id, commandId, status, document: event.detail['document-name'] });
    return { action: 'ignored', reason: `status ${status} of document ${event.detail['document-name']} is not handled` };
  }

  const parameter = event.detail.parameters?.tokenParameter?.[0] ?? null;
  const requestedVersion = event.detail.parameters?.tokenVersion?.[0] ?? null;
  const records = await deps.invocations.listInvocations(commandId);
  const summary = summarizeInvocations({ commandId, commandStatus: status, parameter, requestedVersion, invocations: records });

  for (const instance of summary.instances) {
    const fields = { commandId, instanceId: instance.instanceId, parameter, version: summary.version, outcome: instance.kind, step: instance.step, reason: instance.reason };
    if (instance.kind === 'applied' || instance.kind === 'unchanged') logger.info('invocation.succeeded', fields);
    else logger.warn('invocation.failed', fields);
  }
  logger.info('rollout.summarized', { commandId, parameter, version: summary.version, status, counts: summary.counts, healthy: summary.healthy });

  const alert = rolloutAlert(
    summary,
    {
      language: config.alertLanguage,
      stackName: config.stackName,
      targetDescription: `tag:${config.targetTagKey}=${config.targetTagValues.join(',')}`,
    },
    config.notifyOnSuccess,
  );
  if (alert) {
    await deps.alerts.publish(alert);
    logger.info('alert.published', { commandId, subject: alert.subject });
  }
  return { action: 'summarized', summary, alerted: alert !== undefined };
}
