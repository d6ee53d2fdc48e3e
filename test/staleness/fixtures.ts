// A mocked AWS account for the check tests: SSM, SNS and CloudTrail responses in the shapes the
// real services return, built from a few knobs, plus the deps of checkStaleness wired to them.
import { CloudTrailClient, LookupEventsCommand, type Event } from '@aws-sdk/client-cloudtrail';
import { ListSubscriptionsByTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  DescribeInstanceInformationCommand,
  GetInventoryCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { SsmRolloutStore } from '../../shared/aws/rollout-store.js';
import { SnsAlertPublisher } from '../../shared/aws/sns-publisher.js';
import { SsmVersionLabels } from '../../shared/aws/version-labels.js';
import type { CheckConfig } from '../../shared/config/check-config.js';
import { HttpHubClient } from '../../shared/hub/hub-client.js';
import type { RolloutRecord } from '../../shared/rollout/rollout-record.js';
import { SsmCheckStateStore } from '../../shared/staleness/aws/check-state-store.js';
import { SsmFleetView } from '../../shared/staleness/aws/fleet-inventory.js';
import { CloudTrailParameterReads } from '../../shared/staleness/aws/parameter-read-events.js';
import { SsmTokenValues } from '../../shared/aws/token-values.js';
import { SnsTopicSubscriptions } from '../../shared/staleness/aws/topic-subscriptions.js';
import type { StalenessDeps } from '../../shared/staleness/check-staleness.js';
import type { Escalator } from '../../shared/staleness/escalation.js';
import type { Finding } from '../../shared/staleness/finding.js';
import type { RolloutRedriver } from '../../shared/staleness/redriver.js';
import { loadEvent } from '../helpers/events.js';
import { RecordingLogger } from './recorder.js';

export const PARAMETER = '/whisperx/hf_token';
export const STATE_PATH = '/hf-token-rotation/prod';
export const STATE_NAME = `${STATE_PATH}/check-state`;
export const TOPIC_ARN = 'arn:aws:sns:eu-central-1:123456789012:hf-token-rotation-prod-alerts';
export const NOW = new Date('2026-11-30T12:00:00.000Z');
const DAY_MS = 86_400_000;

export const ssm = mockClient(SSMClient);
export const sns = mockClient(SNSClient);
export const cloudtrail = mockClient(CloudTrailClient);

/** Check settings as the stack defaults set them, with the allow-list of the samples' legitimate readers. */
export function checkConfig(hubBaseUrl: string, overrides: Partial<CheckConfig> = {}): CheckConfig {
  return {
    tokenMaxAgeDays: 90,
    tokenWarningDays: 14,
    incidentResponsePlanArn: null,
    opsCenterEnabled: false,
    statePath: STATE_PATH,
    hubBaseUrl,
    hubGatedRepos: ['pyannote/speaker-diarization-3.1', 'pyannote/segmentation-3.0'],
    hubTimeoutMs: 300,
    preflightEnabled: true,
    preflightBlockOnHubOutage: false,
    stuckRolloutMinutes: 30,
    reminderIntervalHours: 24,
    accessAllowedPrincipals: ['arn:aws:iam::123456789012:role/whisperx-gpu-instance', 'arn:aws:iam::123456789012:role/hf-token-rotation-prod-*'],
    ...overrides,
  };
}

/** One version of the token parameter. */
export interface VersionFixture {
  version: number;
  value: string;
  ageDays: number;
  labels?: string[];
}

/** An instance as DescribeInstanceInformation and GetInventory show it. */
export interface InstanceFixture {
  id: string;
  pingStatus?: 'Online' | 'ConnectionLost' | 'Inactive';
  /** Version in the inventory item; null for an instance that never reported. */
  version: string | null;
  status?: string;
}

export interface AccountFixture {
  versions: VersionFixture[];
  instances?: InstanceFixture[];
  claims?: RolloutRecord[];
  /** Subscription ARNs of the alert topic; `PendingConfirmation` for unconfirmed ones. */
  subscriptions?: string[];
  /** Stored check state JSON; undefined for none. */
  state?: string;
}

/** Mocks every AWS call of a check run with responses built from the fixture. */
export function givenAccount(fixture: AccountFixture): void {
  ssm.reset();
  sns.reset();
  cloudtrail.reset();
  const versions = [...fixture.versions].sort((a, b) => a.version - b.version);
  const latest = versions[versions.length - 1] as VersionFixture;
  const parameter = (entry: VersionFixture) => ({
    Name: PARAMETER,
    Type: 'SecureString' as const,
    Value: entry.value,
    Version: entry.version,
    LastModifiedDate: new Date(NOW.getTime() - entry.ageDays * DAY_MS),
    ARN: `arn:aws:ssm:eu-central-1:123456789012:parameter${PARAMETER}`,
    DataType: 'text',
  });

  ssm.on(GetParameterCommand, { Name: PARAMETER, WithDecryption: true }).resolves({ Parameter: parameter(latest) });
  for (const entry of versions) {
    ssm.on(GetParameterCommand, { Name: `${PARAMETER}:${entry.version}`, WithDecryption: true }).resolves({ Parameter: { ...parameter(entry), Selector: `:${entry.version}` } });
  }
  ssm.on(GetParameterHistoryCommand, { Name: PARAMETER }).resolves({
    Parameters: versions.map((entry) => ({
      Name: PARAMETER,
      Type: 'SecureString',
      KeyId: 'alias/aws/ssm',
      LastModifiedDate: new Date(NOW.getTime() - entry.ageDays * DAY_MS),
      LastModifiedUser: 'arn:aws:iam::123456789012:user/ops',
      Version: entry.version,
      Labels: entry.labels ?? [],
      Tier: 'Standard',
      Policies: [],
      DataType: 'text',
    })),
  });
  ssm.on(GetParametersByPathCommand).resolves({
    Parameters: (fixture.claims ?? []).map((claim) => ({
      Name: `${STATE_PATH}/claims/whisperx/hf_token/${claim.version}`,
      Type: 'String',
      Value: JSON.stringify(claim),
      Version: 1,
      DataType: 'text',
    })),
  });
  if (fixture.state === undefined) {
    ssm.on(GetParameterCommand, { Name: STATE_NAME }).rejects(new ParameterNotFound({ message: '', $metadata: {} }));
  } else {
    ssm.on(GetParameterCommand, { Name: STATE_NAME }).resolves({ Parameter: { Name: STATE_NAME, Type: 'String', Value: fixture.state, Version: 3 } });
  }
  ssm.on(PutParameterCommand).resolves({ Version: 4, Tier: 'Standard' });
  givenInstances(fixture.instances ?? []);

  sns.on(ListSubscriptionsByTopicCommand).resolves({
    Subscriptions: (fixture.subscriptions ?? [`${TOPIC_ARN}:1b8f5c2e-9a7d-4e3f-b6c1-2d8e4f7a9c05`]).map((arn) => ({
      SubscriptionArn: arn,
      Owner: '123456789012',
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: TOPIC_ARN,
    })),
  });
  sns.on(PublishCommand).resolves({ MessageId: '5c1d9e2f-8a3b-4c7d-9e6f-1a2b3c4d5e6f' });
  cloudtrail.on(LookupEventsCommand).resolves({ Events: [] });
}

/** DescribeInstanceInformation in pages of two (so the paging is exercised) and GetInventory. */
function givenInstances(instances: InstanceFixture[]): void {
  const pages: InstanceFixture[][] = [];
  for (let index = 0; index < instances.length; index += 2) pages.push(instances.slice(index, index + 2));
  if (pages.length === 0) pages.push([]);
  pages.forEach((page, index) => {
    const input = index === 0 ? { NextToken: undefined } : { NextToken: `page-${index}` };
    ssm.on(DescribeInstanceInformationCommand, input).resolves({
      InstanceInformationList: page.map((instance) => ({
        InstanceId: instance.id,
        PingStatus: instance.pingStatus ?? 'Online',
        LastPingDateTime: new Date(NOW.getTime() - 60_000),
        AgentVersion: '3.3.2746.0',
        IsLatestVersion: false,
        PlatformType: 'Linux',
        PlatformName: 'Ubuntu',
        PlatformVersion: '22.04',
        ResourceType: 'EC2Instance',
        ComputerName: `ip-10-0-12-${index}.eu-central-1.compute.internal`,
        SourceId: instance.id,
        SourceType: 'AWS::EC2::Instance',
      })),
      ...(index + 1 < pages.length ? { NextToken: `page-${index + 1}` } : {}),
    });
  });
  ssm.on(GetInventoryCommand).resolves({
    Entities: instances
      .filter((instance) => instance.version !== null)
      .map((instance) => ({
        Id: instance.id,
        Data: {
          'Custom:HfTokenRotation': {
            TypeName: 'Custom:HfTokenRotation',
            SchemaVersion: '1.0',
            CaptureTime: '2026-11-30T09:30:41Z',
            Content: [
              {
                Parameter: PARAMETER,
                Version: instance.version as string,
                Fingerprint: 'sha256:0a1b2c3d4e5f',
                Status: instance.status ?? 'applied',
                AppliedAt: '2026-11-30T09:30:40Z',
              },
            ],
          },
        },
      })),
  });
}

/** Serves a LookupEvents response sample (wire form, times in epoch seconds) for its event names. */
export function givenLookupSample(name: string): Event[] {
  const sample = loadEvent<{ Events: Array<Omit<Event, 'EventTime'> & { EventTime: number }> }>(name);
  const events = sample.Events.map((event) => ({ ...event, EventTime: new Date(event.EventTime * 1000) }));
  for (const eventName of new Set(events.map((event) => event.EventName))) {
    cloudtrail
      .on(LookupEventsCommand, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: eventName }] })
      .resolves({ Events: events.filter((event) => event.EventName === eventName) });
  }
  return events;
}

/** Builds a claim record as the rollout store keeps it. */
export function claim(version: number, state: RolloutRecord['state'], minutesAgo: number): RolloutRecord {
  const time = new Date(NOW.getTime() - minutesAgo * 60_000).toISOString();
  return { parameter: PARAMETER, version, state, rollback: false, trigger: 'event', claimedAt: time, updatedAt: time };
}

/** A redriver and an escalator that record what they were given. */
export class Recorders {
  readonly redriven: RolloutRecord[] = [];
  readonly escalated: Finding[] = [];
  redriveError: Error | null = null;

  readonly redriver: RolloutRedriver = {
    redrive: async (record) => {
      if (this.redriveError) throw this.redriveError;
      this.redriven.push(record);
    },
  };

  readonly escalator: Escalator = {
    escalate: async (item) => {
      this.escalated.push(item);
    },
  };
}

/** Deps of checkStaleness on the mocked clients, the given Hub and recorders. */
export function stalenessDeps(hubUrl: string, recorders: Recorders, overrides: Partial<CheckConfig> = {}): StalenessDeps & { logger: RecordingLogger } {
  const logger = new RecordingLogger();
  const checks = checkConfig(hubUrl, overrides);
  return {
    service: {
      watchedParameters: [PARAMETER],
      targetTagKey: 'HfTokenConsumer',
      targetTagValues: ['whisperx'],
      alertTopicArn: TOPIC_ARN,
      alertLanguage: 'en',
      stackName: 'hf-token-rotation-prod',
    },
    checks,
    tokens: new SsmTokenValues(new SSMClient({})),
    labels: new SsmVersionLabels(new SSMClient({})),
    rollouts: new SsmRolloutStore(STATE_PATH, new SSMClient({})),
    redriver: recorders.redriver,
    fleet: new SsmFleetView(new SSMClient({})),
    topics: new SnsTopicSubscriptions(new SNSClient({})),
    reads: new CloudTrailParameterReads(undefined, new CloudTrailClient({})),
    hub: new HttpHubClient({ baseUrl: hubUrl, timeoutMs: checks.hubTimeoutMs }),
    state: new SsmCheckStateStore(STATE_PATH, logger, new SSMClient({})),
    alerts: new SnsAlertPublisher(TOPIC_ARN, new SNSClient({})),
    escalator: recorders.escalator,
    logger,
    clock: () => NOW,
  };
}

/** Messages published to the topic so far. */
export function publishedMessages(): Array<{ subject: string; message: string }> {
  return sns.commandCalls(PublishCommand).map((call) => ({ subject: call.args[0].input.Subject ?? '', message: call.args[0].input.Message ?? '' }));
}

/** Returns the check state written by the last PutParameter of the state parameter. */
export function savedState(): { sent: Record<string, { severity: string; sentAt: string }>; accessCheckedUntil: string | null } | null {
  const calls = ssm.commandCalls(PutParameterCommand).filter((call) => call.args[0].input.Name === STATE_NAME);
  const last = calls[calls.length - 1];
  return last ? JSON.parse(last.args[0].input.Value ?? 'null') : null;
}
