import { ListCommandInvocationsCommand, SSMClient } from '@aws-sdk/client-ssm';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadEvent } from '../helpers/events.js';
import { APPLIED_7, invocation, ROLLED_BACK_7 } from '../helpers/invocations.js';
import { lambdaContext } from '../../local/lambda-context.js';
import { applyServiceEnv } from '../helpers/service-env.js';

const ssm = mockClient(SSMClient);
const sns = mockClient(SNSClient);
let handler: (event: any, context: any) => Promise<any>;

beforeAll(async () => {
  applyServiceEnv();
  ({ handler } = await import('../../functions/on-command-status.js'));
});

afterEach(() => {
  ssm.reset();
  sns.reset();
});

describe('onCommandStatus', () => {
  it('reads every page including empty ones', async () => {
    ssm
      .on(ListCommandInvocationsCommand)
      .resolvesOnce({ CommandInvocations: [invocation('i-0a1b2c3d4e5f60718', 'Success', APPLIED_7)], NextToken: 'p2' })
      .resolvesOnce({ CommandInvocations: [], NextToken: 'p3' })
      .resolvesOnce({ CommandInvocations: [invocation('i-0f9e8d7c6b5a49382', 'Success', APPLIED_7)] });

    const result = await handler(loadEvent('command-status-change-success'), lambdaContext('onCommandStatus'));

    expect(ssm).toHaveReceivedCommandTimes(ListCommandInvocationsCommand, 3);
    expect(ssm).toHaveReceivedNthCommandWith(ListCommandInvocationsCommand, 3, { NextToken: 'p3', Details: true });
    expect(result.summary.counts.applied).toBe(2);
  });

  it('stays quiet when every instance applied', async () => {
    ssm.on(ListCommandInvocationsCommand).resolves({
      CommandInvocations: [invocation('i-0a1b2c3d4e5f60718', 'Success', APPLIED_7)],
    });

    const result = await handler(loadEvent('command-status-change-success'), lambdaContext('onCommandStatus'));

    expect(result.alerted).toBe(false);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('alerts with each instance and the fix', async () => {
    ssm.on(ListCommandInvocationsCommand).resolves({
      CommandInvocations: [
        invocation('i-0a1b2c3d4e5f60718', 'Success', `pulling...\n${APPLIED_7}\n`),
        invocation('i-0f9e8d7c6b5a49382', 'Failed', ROLLED_BACK_7),
        invocation('i-0c0c0c0c0c0c0c0c0', 'Failed', '', 'Undeliverable'),
      ],
    });
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });

    await handler(loadEvent('command-status-change-failed'), lambdaContext('onCommandStatus'));

    const publish = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(publish?.Subject).toBe('[hf-token-rotation-prod] 2 of 3 instances need attention after token rollout /whisperx/hf_token v7');
    expect(publish?.Message).toContain(
      '- i-0f9e8d7c6b5a49382: rolled back, step health: http://localhost:8000/health did not answer 200 within 120 s',
    );
    expect(publish?.Message).toContain('- i-0c0c0c0c0c0c0c0c0: not reached, Undeliverable');
    expect(publish?.Message).toContain('Instances that run the new token:\ni-0a1b2c3d4e5f60718');
    expect(publish?.Message).toContain('fingerprint sha256:0a1b2c3d4e5f');
  });

  it('alerts when no instance was targeted', async () => {
    ssm.on(ListCommandInvocationsCommand).resolves({ CommandInvocations: [] });
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });

    await handler(loadEvent('command-status-change-success'), lambdaContext('onCommandStatus'));

    const publish = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(publish?.Subject).toBe('[hf-token-rotation-prod] Token rollout /whisperx/hf_token v7: no instance targeted');
    expect(publish?.Message).toContain('tag:HfTokenConsumer=whisperx');
  });

  it('ignores commands of other documents', async () => {
    const event = loadEvent('command-status-change-success');
    event.detail['document-name'] = 'AWS-RunShellScript';

    const result = await handler(event, lambdaContext('onCommandStatus'));

    expect(result.action).toBe('ignored');
    expect(ssm).toHaveReceivedCommandTimes(ListCommandInvocationsCommand, 0);
  });
});
