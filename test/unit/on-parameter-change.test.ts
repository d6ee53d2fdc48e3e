import {
  DeleteParameterCommand,
  DescribeInstanceInformationCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  LabelParameterVersionCommand,
  PutParameterCommand,
  SendCommandCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../local/lambda-context.js';
import { loadEvent } from '../helpers/events.js';
import { applyServiceEnv, SERVICE_ENV } from '../helpers/service-env.js';

const ssm = mockClient(SSMClient);
const sns = mockClient(SNSClient);
const CLAIM = '/hf-token-rotation/prod/claims/whisperx/hf_token/7';
let handler: (event: any, context: any) => Promise<any>;

beforeAll(async () => {
  applyServiceEnv();
  ({ handler } = await import('../../functions/on-parameter-change.js'));
});

beforeEach(() => {
  ssm.on(GetParameterCommand, { Name: '/whisperx/hf_token' }).resolves({ Parameter: { Name: '/whisperx/hf_token', Version: 7 } });
  ssm.on(PutParameterCommand).resolves({ Version: 1 });
  ssm.on(GetParameterHistoryCommand).resolves({
    Parameters: [
      { Name: '/whisperx/hf_token', Version: 6, Labels: ['desired', 'deployed'] },
      { Name: '/whisperx/hf_token', Version: 7, Labels: [] },
    ],
  });
  ssm.on(GetParameterCommand, { Name: '/hf-token-rotation/prod/claims/whisperx/hf_token/6' }).resolves({
    Parameter: { Value: JSON.stringify({ parameter: '/whisperx/hf_token', version: 6, state: 'completed' }) },
  });
  ssm.on(LabelParameterVersionCommand).resolves({});
  ssm.on(DescribeInstanceInformationCommand).resolves({
    InstanceInformationList: [{ InstanceId: 'i-0b' }, { InstanceId: 'i-0a' }],
  });
  ssm.on(SendCommandCommand).resolves({ Command: { CommandId: 'cmd-1', TargetCount: 1 } });
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

afterEach(() => {
  ssm.reset();
  sns.reset();
});

describe('onParameterChange', () => {
  it('sends the canary command for an update', async () => {
    const result = await handler(loadEvent('parameter-store-change-update'), lambdaContext('onParameterChange'));

    expect(result).toMatchObject({ action: 'canary_started', parameter: '/whisperx/hf_token', version: 7, commandId: 'cmd-1' });
    expect(ssm).toHaveReceivedCommandWith(GetParameterCommand, { Name: '/whisperx/hf_token', WithDecryption: false });
    expect(ssm.commandCalls(SendCommandCommand)[0]?.args[0].input).toEqual({
      DocumentName: SERVICE_ENV.DOCUMENT_NAME,
      InstanceIds: ['i-0a'],
      Parameters: { tokenParameter: ['/whisperx/hf_token'], tokenVersion: ['7'] },
      MaxConcurrency: '1',
      MaxErrors: '0',
      TimeoutSeconds: 600,
      Comment: 'hf-token-rotation /whisperx/hf_token:7 canary',
    });
  });

  it('picks the canary among online tagged instances', async () => {
    await handler(loadEvent('parameter-store-change-update'), lambdaContext('onParameterChange'));

    expect(ssm).toHaveReceivedCommandWith(DescribeInstanceInformationCommand, {
      Filters: [
        { Key: 'tag:HfTokenConsumer', Values: ['whisperx'] },
        { Key: 'PingStatus', Values: ['Online'] },
      ],
    });
  });

  it('claims the version before sending', async () => {
    await handler(loadEvent('parameter-store-change-update'), lambdaContext('onParameterChange'));

    const claim = ssm.commandCalls(PutParameterCommand)[0]?.args[0].input;
    expect(claim).toMatchObject({ Name: CLAIM, Overwrite: false, Type: 'String' });
    expect(JSON.parse(claim?.Value ?? '{}')).toMatchObject({ state: 'claimed', version: 7, trigger: 'event' });
  });

  it('labels the version desired', async () => {
    await handler(loadEvent('parameter-store-change-update'), lambdaContext('onParameterChange'));

    expect(ssm).toHaveReceivedCommandWith(LabelParameterVersionCommand, { Name: '/whisperx/hf_token', ParameterVersion: 7, Labels: ['desired'] });
  });

  it('sends nothing for a duplicate delivery', async () => {
    ssm.on(PutParameterCommand, { Overwrite: false }).rejects(Object.assign(new Error('exists'), { name: 'ParameterAlreadyExists' }));
    ssm.on(GetParameterCommand, { Name: CLAIM }).resolves({
      Parameter: { Value: JSON.stringify({ parameter: '/whisperx/hf_token', version: 7, state: 'canary_running' }) },
    });

    const result = await handler(loadEvent('parameter-store-change-update'), lambdaContext('onParameterChange'));

    expect(result).toMatchObject({ action: 'duplicate', state: 'canary_running' });
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
  });

  it('starts a rollout for a create', async () => {
    const result = await handler(loadEvent('parameter-store-change-create'), lambdaContext('onParameterChange'));

    expect(result.action).toBe('canary_started');
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 1);
  });

  it('ignores label events', async () => {
    const result = await handler(loadEvent('parameter-store-change-label'), lambdaContext('onParameterChange'));

    expect(result.action).toBe('ignored');
    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 0);
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
  });

  it('ignores other parameters', async () => {
    const event = loadEvent('parameter-store-change-update');
    event.detail.name = '/other/app_token';

    const result = await handler(event, lambdaContext('onParameterChange'));

    expect(result.action).toBe('ignored');
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
  });

  it('alerts on delete without a rollout', async () => {
    const result = await handler(loadEvent('parameter-store-change-delete'), lambdaContext('onParameterChange'));

    expect(result.action).toBe('deletion_alerted');
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
    const publish = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(publish?.TopicArn).toBe(SERVICE_ENV.ALERT_TOPIC_ARN);
    expect(publish?.Subject).toBe('[hf-token-rotation-prod] Token parameter /whisperx/hf_token was deleted');
    expect(publish?.Message).toContain('Nothing was rolled out');
  });

  it('alerts and releases when the document is rejected', async () => {
    ssm.on(SendCommandCommand).rejects(Object.assign(new Error('Document does not exist'), { name: 'InvalidDocument' }));
    ssm.on(DeleteParameterCommand).resolves({});

    const result = await handler(loadEvent('parameter-store-change-update'), lambdaContext('onParameterChange'));

    expect(result.action).toBe('not_started');
    expect(ssm).toHaveReceivedCommandWith(DeleteParameterCommand, { Name: CLAIM });
    const message = sns.commandCalls(PublishCommand)[0]?.args[0].input.Message ?? '';
    expect(message).toContain('SendCommand hf-token-rotation-prod-RefreshToken for /whisperx/hf_token:7 failed: InvalidDocument');
  });

  it('releases the claim and rethrows throttling', async () => {
    ssm.on(SendCommandCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    ssm.on(DeleteParameterCommand).resolves({});

    await expect(handler(loadEvent('parameter-store-change-update'), lambdaContext('onParameterChange'))).rejects.toThrow(
      'failed: ThrottlingException',
    );
    expect(ssm).toHaveReceivedCommandWith(DeleteParameterCommand, { Name: CLAIM });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('rejects an event of another shape', async () => {
    const event = loadEvent('parameter-store-change-update');
    delete event.detail.name;

    await expect(handler(event, lambdaContext('onParameterChange'))).rejects.toThrow();
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
  });
});
