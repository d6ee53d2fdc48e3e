import type { AlertPublisher } from '../alerts/alert.js';
import type { RolloutStore } from '../aws/rollout-store.js';
import type { VersionLabels } from '../aws/version-labels.js';
import type { CheckConfig } from '../config/check-config.js';
import type { ServiceConfig } from '../config/config.js';
import type { HubApi } from '../hub/hub-api.js';
import type { StepLogger } from '../logging/logger.js';
import type { FleetView } from './aws/fleet-inventory.js';
import type { ParameterReadEvents } from './parameter-reads.js';
import type { TokenValueReader } from '../aws/token-values.js';
import type { TopicSubscriptions } from './aws/topic-subscriptions.js';
import { alertTopicFindings } from './alert-topic.js';
import { checkAlert } from './check-alert.js';
import { outcome, type CheckOutcome } from './check-outcome.js';
import { deduplicate, type CheckState, type CheckStateStore } from './check-state.js';
import type { Escalator } from './escalation.js';
import { findingId, type Finding, type Severity } from './finding.js';
import { accessFindings, accessWindow } from './parameter-access.js';
import { checkParameter, fleetSnapshot, guardFor } from './parameter-checks.js';
import type { RolloutRedriver } from './redriver.js';

/** `parameter` of findings about the CloudTrail look-up itself. */
export const ACCESS_CHECK_SCOPE = 'CloudTrail';

export interface StalenessDeps {
  service: Pick<ServiceConfig, 'watchedParameters' | 'targetTagKey' | 'targetTagValues' | 'alertTopicArn' | 'alertLanguage' | 'stackName'>;
  checks: CheckConfig;
  tokens: TokenValueReader;
  labels: VersionLabels;
  rollouts: RolloutStore;
  redriver: RolloutRedriver;
  fleet: FleetView;
  topics: TopicSubscriptions;
  reads: ParameterReadEvents;
  hub: HubApi;
  state: CheckStateStore;
  alerts: AlertPublisher;
  escalator: Escalator;
  logger: StepLogger;
  clock: () => Date;
}

/** Summary of a run: finding ids and counts, never values. */
export interface CheckRunResult {
  findings: Array<{ id: string; severity: Severity; sent: boolean }>;
  sent: number;
  suppressed: number;
  escalated: number;
  /** End of the CloudTrail window looked up in this run, or null when none was. */
  accessCheckedUntil: string | null;
}

/**
 * Runs the scheduled checks: per watched parameter token age, label drift, stuck claims, fleet
 * coverage and the Hub; then the alert topic and CloudTrail reads. Sends one message with the
 * findings that are due, escalates those marked for it, and stores what was sent.
 *
 * @throws when the state cannot be read or the alert cannot be published, so that Lambda retries
 *   the run. Before a publish failure is raised, the state is saved without the unsent findings,
 *   so the next run sends them.
 */
export async function checkStaleness(deps: StalenessDeps): Promise<CheckRunResult> {
  const now = deps.clock();
  const { logger } = deps;
  logger.info('check.started', { parameters: deps.service.watchedParameters, time: now.toISOString() });
  const state = await deps.state.load();

  const outcomes: CheckOutcome[] = [];
  const fleet = fleetSnapshot(deps.fleet, deps.service.targetTagKey, deps.service.targetTagValues);
  for (const parameter of deps.service.watchedParameters) {
    outcomes.push(...(await checkParameter(parameter, { ...deps, fleet }, now)));
  }
  outcomes.push(...(await checkAlertTopic(deps)));
  const access = await checkAccess(deps, state, now);
  outcomes.push(...access.outcomes);

  const findings = outcomes.flatMap((item) => item.findings);
  const evaluatedScopes = new Set(outcomes.flatMap((item) => item.evaluated));
  const result = deduplicate(findings, state, { now, reminderIntervalHours: deps.checks.reminderIntervalHours, evaluatedScopes });
  const next: CheckState = { ...result.next, accessCheckedUntil: access.checkedUntil ?? state.accessCheckedUntil };
  const dueIds = new Set(result.due.map(findingId));
  for (const item of findings) logFinding(logger, item, dueIds.has(findingId(item)));

  if (result.due.length > 0) {
    try {
      await deps.alerts.publish(checkAlert(result.due, { language: deps.service.alertLanguage, stackName: deps.service.stackName, time: now }));
    } catch (error) {
      logger.error('check.alert_failed', { due: result.due.length, error: describe(error) });
      await deps.state.save(withoutUnsent(next, state, dueIds));
      throw error;
    }
  }
  const escalated = await escalate(result.due, deps);
  await deps.state.save(next);

  logger.info('check.finished', { findings: findings.length, sent: result.due.length, suppressed: result.suppressed.length, escalated });
  return {
    findings: findings.map((item) => ({ id: findingId(item), severity: item.severity, sent: dueIds.has(findingId(item)) })),
    sent: result.due.length,
    suppressed: result.suppressed.length,
    escalated,
    accessCheckedUntil: access.checkedUntil,
  };
}

async function checkAlertTopic(deps: StalenessDeps): Promise<CheckOutcome[]> {
  const topicArn = deps.service.alertTopicArn;
  const outcomes: CheckOutcome[] = [outcome(topicArn, ['check_failed'], [])];
  const arns = await guardFor(topicArn, deps.logger, outcomes)('alert_topic', () => deps.topics.subscriptionArns(topicArn));
  if (arns !== null) outcomes.push(outcome(topicArn, ['alert_topic_unconfirmed'], alertTopicFindings(topicArn, arns)));
  return outcomes;
}

/** Looks up reads since the stored window end; the window advances only after a complete look-up. */
async function checkAccess(deps: StalenessDeps, state: CheckState, now: Date): Promise<{ outcomes: CheckOutcome[]; checkedUntil: string | null }> {
  const patterns = deps.checks.accessAllowedPrincipals;
  if (patterns.length === 0) {
    deps.logger.info('access_check.disabled', { reason: 'ACCESS_ALLOWED_PRINCIPALS is empty' });
    return { outcomes: [], checkedUntil: null };
  }
  const window = accessWindow(state.accessCheckedUntil, now);
  if (window === null) return { outcomes: [], checkedUntil: null };

  const outcomes: CheckOutcome[] = [outcome(ACCESS_CHECK_SCOPE, ['check_failed'], [])];
  const events = await guardFor(ACCESS_CHECK_SCOPE, deps.logger, outcomes)('parameter_access', () => deps.reads.lookup(window.start, window.end));
  if (events === null) return { outcomes, checkedUntil: null };
  deps.logger.info('access_check.looked_up', { start: window.start.toISOString(), end: window.end.toISOString(), events: events.length });
  outcomes.push({ findings: accessFindings(events, deps.service.watchedParameters, patterns), evaluated: [] });
  return { outcomes, checkedUntil: window.end.toISOString() };
}

/** Escalates the due findings marked for it; a failed escalation is logged and does not stop the others. */
async function escalate(due: Finding[], deps: StalenessDeps): Promise<number> {
  let escalated = 0;
  for (const item of due.filter((candidate) => candidate.escalate)) {
    try {
      await deps.escalator.escalate(item);
      escalated += 1;
    } catch (error) {
      deps.logger.error('check.escalation_failed', { id: findingId(item), error: describe(error) });
    }
  }
  return escalated;
}

/** Returns the state to store when the alert failed: unsent findings keep their previous entry (or none). */
function withoutUnsent(next: CheckState, previous: CheckState, dueIds: Set<string>): CheckState {
  const sent = { ...next.sent };
  for (const id of dueIds) {
    const before = previous.sent[id];
    if (before === undefined) delete sent[id];
    else sent[id] = before;
  }
  return { sent, accessCheckedUntil: previous.accessCheckedUntil };
}

function logFinding(logger: StepLogger, item: Finding, sent: boolean): void {
  const fields = { id: findingId(item), severity: item.severity, sent, detail: item.detail };
  if (item.severity === 'info') logger.info('check.finding', fields);
  else if (item.severity === 'warning') logger.warn('check.finding', fields);
  else logger.error('check.finding', fields);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
