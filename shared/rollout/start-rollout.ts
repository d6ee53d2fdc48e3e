import { ALERT_CATALOGS } from '../alerts/catalog.js';
import { toSnsSubject } from '../alerts/limits.js';
import { parameterChangePattern } from '../config/event-patterns.cjs';
import { matchesPattern } from '../events/pattern-match.js';
import type { ParameterChangeEvent } from '../events/schemas.js';
import { requestRollout, type RolloutRequestResult } from './request-rollout.js';
import type { RolloutDeps } from './rollout-deps.js';

export type ParameterChangeResult =
  | { action: 'ignored'; reason: string }
  | { action: 'deletion_alerted'; parameter: string }
  | ({ parameter: string; version: number } & RolloutRequestResult);

/**
 * Reacts to one Parameter Store change: ignores what the rule should not have sent, alerts on a
 * deletion, and otherwise requests the rollout of the parameter's current version (the event
 * carries no version). Transient AWS failures are rethrown so Lambda retries the event.
 */
export async function startRollout(event: ParameterChangeEvent, deps: RolloutDeps): Promise<ParameterChangeResult> {
  const { config, logger } = deps;
  const { name, operation } = event.detail;
  logger.info('parameter_change.received', { eventId: event.id, parameter: name, operation });

  if (!matchesPattern(parameterChangePattern(config.watchedParameters), event)) {
    logger.info('parameter_change.ignored', { eventId: event.id, parameter: name, operation, reason: 'not_matching_rule' });
    return { action: 'ignored', reason: `operation ${operation} on ${name} is not handled` };
  }

  if (operation === 'Delete') {
    const text = ALERT_CATALOGS[config.alertLanguage];
    await deps.alerts.publish({
      subject: toSnsSubject(`[${config.stackName}] ${text.subjectParameterDeleted(name)}`),
      message: text.parameterDeletedBody(name, event.time),
    });
    logger.warn('parameter_change.deleted_alerted', { eventId: event.id, parameter: name });
    return { action: 'deletion_alerted', parameter: name };
  }

  // With the pre-flight check on, one decrypted read gives both the version and the token to check.
  const current = deps.preflight ? await deps.parameters.currentWithValue(name) : await deps.parameters.currentVersion(name);
  logger.info('rollout.version_resolved', { eventId: event.id, parameter: name, version: current.version });
  const token = 'value' in current && typeof current.value === 'string' ? current.value : undefined;
  const result = await requestRollout(
    { parameter: name, version: current.version, rollback: false, trigger: 'event', ...(token === undefined ? {} : { token }) },
    deps,
  );
  return { parameter: name, version: current.version, ...result };
}
