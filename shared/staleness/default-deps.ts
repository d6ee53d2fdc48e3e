import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { CLIENT_OPTIONS } from '../aws/clients.js';
import { SsmRolloutStore } from '../aws/rollout-store.js';
import { SsmVersionLabels } from '../aws/version-labels.js';
import type { CheckConfig } from '../config/check-config.js';
import type { ServiceConfig } from '../config/config.js';
import { createPreflight } from '../hub/create-preflight.js';
import { HttpHubClient } from '../hub/hub-client.js';
import type { StepLogger } from '../logging/logger.js';
import { createRolloutDeps } from '../rollout/default-deps.js';
import { redriveRollout } from '../rollout/redrive-rollout.js';
import { SsmCheckStateStore } from './aws/check-state-store.js';
import { SsmFleetView } from './aws/fleet-inventory.js';
import { CloudTrailParameterReads } from './aws/parameter-read-events.js';
import { SsmTokenValues } from '../aws/token-values.js';
import { SnsTopicSubscriptions } from './aws/topic-subscriptions.js';
import type { StalenessDeps } from './check-staleness.js';
import { FindingEscalator } from './escalation.js';
import type { RolloutRedriver } from './redriver.js';

/**
 * Builds the production adapters of the scheduled check. `clock` is the check's notion of now
 * (tests and the demo move it forward to show age findings).
 */
export function createStalenessDeps(input: {
  config: ServiceConfig;
  checks: CheckConfig;
  logger: StepLogger;
  clock?: () => Date;
}): StalenessDeps {
  const { config, checks, logger } = input;
  // One client per service for every adapter: each construction costs cold-start time.
  const ssm = new SSMClient(CLIENT_OPTIONS);
  const sns = new SNSClient(CLIENT_OPTIONS);
  const hub = new HttpHubClient({ baseUrl: checks.hubBaseUrl, timeoutMs: checks.hubTimeoutMs });
  const preflight = createPreflight({ checks, language: config.alertLanguage, logger, ssm, hub });
  const rollouts = createRolloutDeps(config, logger, preflight, ssm, sns);

  /** Continues a stuck claim; a rollout that could not start again is an error finding. */
  const redriver: RolloutRedriver = {
    redrive: async (record) => {
      const result = await redriveRollout(record, rollouts);
      if (result === 'still_running') return result;
      const after = await rollouts.store.get(record.parameter, record.version);
      if (after?.state === 'blocked' || after === null) {
        throw new Error(`the rollout of version ${record.version} did not start again: ${after?.reason ?? 'its claim was released'}`);
      }
    },
  };

  return {
    service: config,
    checks,
    tokens: new SsmTokenValues(ssm),
    labels: new SsmVersionLabels(ssm),
    rollouts: new SsmRolloutStore(checks.statePath, ssm),
    redriver,
    fleet: new SsmFleetView(ssm),
    topics: new SnsTopicSubscriptions(sns),
    // Without an allow-list the access check is off and never reads CloudTrail: no client is built.
    reads:
      checks.accessAllowedPrincipals.length > 0
        ? new CloudTrailParameterReads((eventName, pages) => logger.warn('access_check.truncated', { eventName, pages }))
        : { lookup: async () => [] },
    hub,
    state: new SsmCheckStateStore(checks.statePath, logger, ssm),
    alerts: rollouts.alerts,
    escalator: new FindingEscalator(rollouts.escalator, config.alertLanguage, config.stackName),
    logger,
    clock: input.clock ?? (() => new Date()),
  };
}
