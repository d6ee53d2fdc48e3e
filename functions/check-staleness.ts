import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { SsmRolloutStore } from '../shared/aws/rollout-store.js';
import { SnsAlertPublisher } from '../shared/aws/sns-publisher.js';
import { SsmVersionLabels } from '../shared/aws/version-labels.js';
import { loadCheckConfig } from '../shared/config/check-config.js';
import { loadConfig } from '../shared/config/config.js';
import { HttpHubClient } from '../shared/hub/hub-client.js';
import { logger } from '../shared/logging/logger.js';
import { SsmCheckStateStore } from '../shared/staleness/aws/check-state-store.js';
import { SsmFleetView } from '../shared/staleness/aws/fleet-inventory.js';
import { CloudTrailParameterReads } from '../shared/staleness/aws/parameter-read-events.js';
import { SsmTokenValues } from '../shared/staleness/aws/token-values.js';
import { SnsTopicSubscriptions } from '../shared/staleness/aws/topic-subscriptions.js';
import { checkStaleness, type StalenessDeps } from '../shared/staleness/check-staleness.js';
import { LoggingEscalator } from '../shared/staleness/escalation.js';
import type { RolloutRedriver } from '../shared/staleness/redriver.js';

const config = loadConfig();
const checks = loadCheckConfig();

// TODO: replace with the rollout module's redriveRollout once it exists. Until then a stuck claim
// is reported as "could not be started again", with this error in the alert.
const redriver: RolloutRedriver = {
  redrive: async (record) => {
    throw new Error(`re-driving is not wired in this build; start it with hf-token rollout --version ${record.version}.`);
  },
};

const deps: StalenessDeps = {
  service: config,
  checks,
  tokens: new SsmTokenValues(),
  labels: new SsmVersionLabels(),
  rollouts: new SsmRolloutStore(checks.statePath),
  redriver,
  fleet: new SsmFleetView(),
  topics: new SnsTopicSubscriptions(),
  reads: new CloudTrailParameterReads((eventName, pages) => logger.warn('access_check.truncated', { eventName, pages })),
  hub: new HttpHubClient({ baseUrl: checks.hubBaseUrl, timeoutMs: checks.hubTimeoutMs }),
  state: new SsmCheckStateStore(checks.statePath, logger),
  alerts: new SnsAlertPublisher(config.alertTopicArn),
  // TODO: the lead wires Incident Manager / OpsCenter here (INCIDENT_RESPONSE_PLAN_ARN, OPS_CENTER_ENABLED).
  escalator: new LoggingEscalator(logger),
  logger,
  clock: () => new Date(),
};

/** Target of the check schedule (EventBridge Scheduled Event); any other event also runs the checks once. */
export const handler = middy(async (event: { id?: string; 'detail-type'?: string } | undefined) => {
  logger.info('check.invoked', { eventId: event?.id, detailType: event?.['detail-type'] });
  return checkStaleness(deps);
}).use(injectLambdaContext(logger, { resetKeys: true }));
