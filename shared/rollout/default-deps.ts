import { SSMClient } from '@aws-sdk/client-ssm';
import { SNSClient } from '@aws-sdk/client-sns';
import { CLIENT_OPTIONS } from '../aws/clients.js';
import { IncidentManagerEscalator } from '../aws/incident-manager.js';
import { SsmManagedInstances } from '../aws/managed-instances.js';
import { OpsCenterEscalator } from '../aws/ops-center.js';
import { SsmParameterStore } from '../aws/parameter-store.js';
import { SsmRolloutStore } from '../aws/rollout-store.js';
import { SsmRunCommand } from '../aws/run-command.js';
import { SnsAlertPublisher } from '../aws/sns-publisher.js';
import { SsmVersionLabels } from '../aws/version-labels.js';
import type { ServiceConfig } from '../config/config.js';
import { EscalationChannels } from '../escalation/escalation-channels.js';
import type { Escalator } from '../escalation/escalator.js';
import type { StepLogger } from '../logging/logger.js';
import type { Preflight, RolloutDeps } from './rollout-deps.js';

/**
 * Builds the production adapters for the rollout steps: one SSM and one SNS client (the caller's,
 * if given) shared by all of them, escalation channels as configured.
 */
export function createRolloutDeps(
  config: ServiceConfig,
  logger: StepLogger,
  preflight?: Preflight,
  ssm: SSMClient = new SSMClient(CLIENT_OPTIONS),
  sns: SNSClient = new SNSClient(CLIENT_OPTIONS),
): RolloutDeps {
  const channels: Array<{ name: string; escalator: Escalator }> = [];
  if (config.incidentResponsePlanArn) {
    channels.push({ name: 'incident-manager', escalator: new IncidentManagerEscalator(config.incidentResponsePlanArn) });
  }
  if (config.opsCenterEnabled) channels.push({ name: 'ops-center', escalator: new OpsCenterEscalator(ssm) });

  return {
    config,
    parameters: new SsmParameterStore(ssm),
    labels: new SsmVersionLabels(ssm),
    store: new SsmRolloutStore(config.statePath, ssm),
    instances: new SsmManagedInstances(ssm),
    commands: new SsmRunCommand(ssm),
    alerts: new SnsAlertPublisher(config.alertTopicArn, sns),
    escalator: new EscalationChannels(channels, logger),
    ...(preflight ? { preflight } : {}),
    clock: () => new Date(),
    logger,
  };
}
