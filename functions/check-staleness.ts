import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { SSMClient } from '@aws-sdk/client-ssm';
import { CLIENT_OPTIONS } from '../shared/aws/clients.js';
import { SsmRolloutStore } from '../shared/aws/rollout-store.js';
import { SnsAlertPublisher } from '../shared/aws/sns-publisher.js';
import { SsmVersionLabels } from '../shared/aws/version-labels.js';
import { loadCheckConfig } from '../shared/config/check-config.js';
import { loadConfig } from '../shared/config/config.js';
import { HttpHubClient } from '../shared/hub/hub-client.js';
import { HubPreflight } from '../shared/hub/rollout-preflight.js';
import { logger } from '../shared/logging/logger.js';
import { createRolloutDeps } from '../shared/rollout/default-deps.js';
import { requestRollout } from '../shared/rollout/request-rollout.js';
import { SsmCheckStateStore } from '../shared/staleness/aws/check-state-store.js';
import { SsmFleetView } from '../shared/staleness/aws/fleet-inventory.js';
import { CloudTrailParameterReads } from '../shared/staleness/aws/parameter-read-events.js';
import { SsmTokenValues } from '../shared/staleness/aws/token-values.js';
import { SnsTopicSubscriptions } from '../shared/staleness/aws/topic-subscriptions.js';
import { checkStaleness, type StalenessDeps } from '../shared/staleness/check-staleness.js';
import { FindingEscalator } from '../shared/staleness/escalation.js';
import type { RolloutRedriver } from '../shared/staleness/redriver.js';

const config = loadConfig();
const checks = loadCheckConfig();
const ssm = new SSMClient(CLIENT_OPTIONS);
const tokens = new SsmTokenValues(ssm);
const hub = new HttpHubClient({ baseUrl: checks.hubBaseUrl, timeoutMs: checks.hubTimeoutMs });
const preflight = checks.preflightEnabled ? new HubPreflight(tokens, { hub, config: checks, language: config.alertLanguage, logger }) : undefined;
const rollouts = createRolloutDeps(config, logger, preflight);

/** Starts a stuck claim again through the rollout's own entry point; a rollout that did not start is an error. */
const redriver: RolloutRedriver = {
  redrive: async (record) => {
    const result = await requestRollout({ parameter: record.parameter, version: record.version, rollback: record.rollback, trigger: 'redrive' }, rollouts);
    if (result.action === 'not_started' || result.action === 'blocked') {
      throw new Error(`the rollout of version ${record.version} did not start: ${result.reason}`);
    }
  },
};

const deps: StalenessDeps = {
  service: config,
  checks,
  tokens,
  labels: new SsmVersionLabels(ssm),
  rollouts: new SsmRolloutStore(checks.statePath, ssm),
  redriver,
  fleet: new SsmFleetView(ssm),
  topics: new SnsTopicSubscriptions(),
  reads: new CloudTrailParameterReads((eventName, pages) => logger.warn('access_check.truncated', { eventName, pages })),
  hub,
  state: new SsmCheckStateStore(checks.statePath, logger, ssm),
  alerts: new SnsAlertPublisher(config.alertTopicArn),
  escalator: new FindingEscalator(rollouts.escalator, config.alertLanguage, config.stackName),
  logger,
  clock: () => new Date(),
};

/** Target of the check schedule (EventBridge Scheduled Event); any other event also runs the checks once. */
export const handler = middy(async (event: { id?: string; 'detail-type'?: string } | undefined) => {
  logger.info('check.invoked', { eventId: event?.id, detailType: event?.['detail-type'] });
  return checkStaleness(deps);
}).use(injectLambdaContext(logger, { resetKeys: true }));
