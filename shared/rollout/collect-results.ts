import { commandStatusPattern } from '../config/event-patterns.cjs';
import { matchesPattern } from '../events/pattern-match.js';
import type { CommandStatusEvent } from '../events/schemas.js';
import { advanceRollout, type AdvanceResult } from './advance-rollout.js';
import { readFinishedInvocations } from './read-results.js';
import type { RolloutDeps } from './rollout-deps.js';
import { summarizeInvocations, type RolloutSummary } from './summary.js';

export type CommandStatusResult =
  | { action: 'ignored'; reason: string }
  | { action: 'summarized'; summary: RolloutSummary; advance: AdvanceResult };

/**
 * Reads every invocation of a finished refresh command, classifies each instance, logs one line
 * per instance and moves the rollout on (next wave, labels, alerts, escalation).
 */
export async function collectResults(event: CommandStatusEvent, deps: RolloutDeps): Promise<CommandStatusResult> {
  const { config, logger } = deps;
  const commandId = event.detail['command-id'];
  const status = event.detail.status;

  if (!matchesPattern(commandStatusPattern(config.documentName), event)) {
    logger.info('command_status.ignored', { eventId: event.id, commandId, status, document: event.detail['document-name'] });
    return { action: 'ignored', reason: `status ${status} of document ${event.detail['document-name']} is not handled` };
  }

  const parameter = event.detail.parameters?.tokenParameter?.[0] ?? null;
  const requestedVersion = event.detail.parameters?.tokenVersion?.[0] ?? null;
  const records = await readFinishedInvocations(commandId, deps);
  const summary = summarizeInvocations({ commandId, commandStatus: status, parameter, requestedVersion, invocations: records });

  for (const instance of summary.instances) {
    const fields = {
      commandId,
      instanceId: instance.instanceId,
      parameter,
      version: summary.version,
      outcome: instance.kind,
      step: instance.step,
      reason: instance.reason,
    };
    if (instance.kind === 'applied' || instance.kind === 'unchanged') logger.info('invocation.succeeded', fields);
    else logger.warn('invocation.failed', fields);
  }
  logger.info('rollout.summarized', { commandId, parameter, version: summary.version, status, counts: summary.counts, healthy: summary.healthy });

  const advance = await advanceRollout(commandId, summary, deps);
  return { action: 'summarized', summary, advance };
}
