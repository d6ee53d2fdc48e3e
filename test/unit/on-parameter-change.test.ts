import { GetParameterCommand, SendCommandCommand, SSMClient } from '@aws-sdk/client-ssm';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadEvent } from '../helpers/events.js';
import { lambdaContext } from '../../local/lambda-context.js';
import { applyServiceEnv, SERVICE_ENV } from '../helpers/service-env.js';

const ssm = mockClient(SSMClient);
const sns = mockClient(SNSClient);
let handler: (event: any, context: any) => Promise<any>;

beforeAll(async () => {
  applyServiceEnv();
  ({ handler } = await import('../../functions/on-parameter-change.js'));
});

afterEach(() => {
  ssm.reset();
  sns.reset();
});

function givenVersion(version: number): void {
  ssm.on(GetParameterCommand).resolves({ Parameter: { Name: '/whisperx/hf_token', Version: version, Type: 'SecureString' } });
  ssm.on(SendCommandCommand).resolves({ Command: { CommandId: 'cmd-1', TargetCount: 3 } });
}

describe('onParameterChange', () => {
  it('sends the exact refresh command for an update', async () => {
    givenVersion(7);

    const result = await handler(loadEvent('parameter-store-change-update'), lambdaContext('onParameterChange'));

    expect(result).toEqual({ action: 'rollout_started', parameter: '/whisperx/hf_token', version: '7', commandId: 'cmd-1' });
    expect(ssm).toHaveReceivedCommandWith(GetParameterCommand, { Name: '/whisperx/hf_token', WithDecryption: false });
    const input = ssm.commandCalls(SendCommandCommand)[0]?.args[0].input;
    expect(input).toEqual({
      DocumentName: SERVICE_ENV.DOCUMENT_NAME,
      Targets: [{ Key: 'tag:HfTokenConsumer', Values: ['whisperx'] }],
      Parameters: { tokenParameter: ['/whisperx/hf_token'], tokenVersion: ['7'] },
      MaxConcurrency: '10%',
      MaxErrors: '0',
      TimeoutSeconds: 600,
      Comment: 'hf-token-rotation /whisperx/hf_token:7',
    });
  });

  it('starts a rollout for a create', async () => {
    givenVersion(1);

    const result = await handler(loadEvent('parameter-store-change-create'), lambdaContext('onParameterChange'));

    expect(result.action).toBe('rollout_started');
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 1);
  });

  it('ignores label events', async () => {
    givenVersion(7);

    const result = await handler(loadEvent('parameter-store-change-label'), lambdaContext('onParameterChange'));

    expect(result.action).toBe('ignored');
    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 0);
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
  });

  it('ignores other parameters', async () => {
    givenVersion(7);
    const event = loadEvent('parameter-store-change-update');
    event.detail.name = '/other/app_token';

    const result = await handler(event, lambdaContext('onParameterChange'));

    expect(result.action).toBe('ignored');
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
  });

  it('alerts on delete without a rollout', async () => {
    givenVersion(7);
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });

    const result = await handler(loadEvent('parameter-store-change-delete'), lambdaContext('onParameterChange'));

    expect(result.action).toBe('deletion_alerted');
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
    const publish = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(publish?.TopicArn).toBe(SERVICE_ENV.ALERT_TOPIC_ARN);
    expect(publish?.Subject).toBe('[hf-token-rotation-prod] Token parameter /whisperx/hf_token was deleted');
    expect(publish?.Message).toContain('Nothing was rolled out');
  });

  it('alerts when the document is rejected', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: '/whisperx/hf_token', Version: 8 } });
    const rejected = Object.assign(new Error('Document does not exist'), { name: 'InvalidDocument' });
    ssm.on(SendCommandCommand).rejects(rejected);
    sns.on(PublishCommand).resolves({ MessageId: 'm-2' });

    const result = await handler(loadEvent('parameter-store-change-update'), lambdaContext('onParameterChange'));

    expect(result.action).toBe('rollout_not_started');
    const message = sns.commandCalls(PublishCommand)[0]?.args[0].input.Message ?? '';
    expect(message).toContain('SendCommand hf-token-rotation-prod-RefreshToken for /whisperx/hf_token:8 failed: InvalidDocument');
  });

  it('rethrows transient failures for a retry', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    ssm.on(GetParameterCommand).rejects(throttled);

    await expect(handler(loadEvent('parameter-store-change-update'), lambdaContext('onParameterChange'))).rejects.toThrow(
      'GetParameter /whisperx/hf_token failed: ThrottlingException',
    );
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('rejects an event of another shape', async () => {
    const event = loadEvent('parameter-store-change-update');
    delete event.detail.name;

    await expect(handler(event, lambdaContext('onParameterChange'))).rejects.toThrow();
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
  });
});
