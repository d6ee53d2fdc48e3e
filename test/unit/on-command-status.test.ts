import {
  GetParameterCommand,
  GetParameterHistoryCommand,
  LabelParameterVersionCommand,
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  PutParameterCommand,
  SendCommandCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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

const CLAIM = '/hf-token-rotation/prod/claims/whisperx/hf_token/7';
const COMMAND_ID = 'e8d3c0e4-71f7-4491-898f-c9b35bee5f3b';

function givenClaim(fields: Record<string, unknown>): void {
  const record = { parameter: '/whisperx/hf_token', version: 7, rollback: false, trigger: 'event', ...fields };
  ssm.on(GetParameterCommand, { Name: CLAIM }).resolves({ Parameter: { Value: JSON.stringify(record) } });
}

beforeEach(() => {
  ssm.on(GetParameterCommand, { Name: CLAIM }).rejects(Object.assign(new Error('not found'), { name: 'ParameterNotFound' }));
  ssm.on(PutParameterCommand).resolves({ Version: 2 });
  ssm.on(LabelParameterVersionCommand).resolves({});
  ssm.on(GetParameterHistoryCommand).resolves({
    Parameters: [
      { Version: 6, Labels: ['deployed'] },
      { Version: 7, Labels: ['desired'] },
    ],
  });
  ssm.on(SendCommandCommand).resolves({ Command: { CommandId: 'cmd-fleet' } });
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
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

    expect(result.advance).toEqual({ phase: 'other', next: 'reported' });
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
    ssm.on(ListCommandsCommand).resolves({ Commands: [{ CommandId: COMMAND_ID, TargetCount: 0 }] });

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

  it('starts the fleet wave after a healthy canary', async () => {
    givenClaim({ state: 'canary_running', canaryCommandId: COMMAND_ID, canaryInstanceIds: ['i-0a1b2c3d4e5f60718'] });
    ssm.on(ListCommandInvocationsCommand).resolves({ CommandInvocations: [invocation('i-0a1b2c3d4e5f60718', 'Success', APPLIED_7)] });

    const result = await handler(loadEvent('command-status-change-success'), lambdaContext('onCommandStatus'));

    expect(result.advance).toEqual({ phase: 'canary', next: 'fleet_started', commandId: 'cmd-fleet' });
    expect(ssm).toHaveReceivedCommandWith(SendCommandCommand, {
      Targets: [{ Key: 'tag:HfTokenConsumer', Values: ['whisperx'] }],
      Comment: 'hf-token-rotation /whisperx/hf_token:7 fleet',
    });
  });

  it('stops after a failed canary', async () => {
    givenClaim({ state: 'canary_running', canaryCommandId: COMMAND_ID, canaryInstanceIds: ['i-0f9e8d7c6b5a49382'] });
    ssm.on(ListCommandInvocationsCommand).resolves({ CommandInvocations: [invocation('i-0f9e8d7c6b5a49382', 'Failed', ROLLED_BACK_7)] });

    const result = await handler(loadEvent('command-status-change-failed'), lambdaContext('onCommandStatus'));

    expect(result.advance).toEqual({ phase: 'canary', next: 'stopped' });
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input.Subject).toBe(
      '[hf-token-rotation-prod] Canary failed, rollout stopped: /whisperx/hf_token v7',
    );
  });

  it('records why the canary stopped', async () => {
    givenClaim({ state: 'canary_running', canaryCommandId: COMMAND_ID, canaryInstanceIds: ['i-0f9e8d7c6b5a49382'] });
    ssm.on(ListCommandInvocationsCommand).resolves({ CommandInvocations: [invocation('i-0f9e8d7c6b5a49382', 'Failed', ROLLED_BACK_7)] });

    await handler(loadEvent('command-status-change-failed'), lambdaContext('onCommandStatus'));

    const claims = ssm.commandCalls(PutParameterCommand).filter((call) => call.args[0].input.Overwrite === true);
    expect(JSON.parse(claims.at(-1)?.args[0].input.Value ?? '{}')).toMatchObject({ state: 'failed', cause: { kind: 'canary_failed' } });
  });

  it('points desired back after a failed canary', async () => {
    givenClaim({ state: 'canary_running', canaryCommandId: COMMAND_ID, canaryInstanceIds: ['i-0f9e8d7c6b5a49382'] });
    ssm.on(ListCommandInvocationsCommand).resolves({ CommandInvocations: [invocation('i-0f9e8d7c6b5a49382', 'Failed', ROLLED_BACK_7)] });

    await handler(loadEvent('command-status-change-failed'), lambdaContext('onCommandStatus'));

    expect(ssm).toHaveReceivedCommandWith(LabelParameterVersionCommand, { Name: '/whisperx/hf_token', ParameterVersion: 6, Labels: ['desired'] });
  });

  it('leaves desired to a newer version after a failed canary', async () => {
    givenClaim({ state: 'canary_running', canaryCommandId: COMMAND_ID, canaryInstanceIds: ['i-0f9e8d7c6b5a49382'] });
    ssm.on(GetParameterHistoryCommand).resolves({
      Parameters: [{ Version: 6, Labels: ['deployed'] }, { Version: 7, Labels: ['desired'] }, { Version: 8, Labels: [] }],
    });
    ssm.on(ListCommandInvocationsCommand).resolves({ CommandInvocations: [invocation('i-0f9e8d7c6b5a49382', 'Failed', ROLLED_BACK_7)] });

    await handler(loadEvent('command-status-change-failed'), lambdaContext('onCommandStatus'));

    expect(ssm).toHaveReceivedCommandTimes(LabelParameterVersionCommand, 0);
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input.Message).toContain('A newer version of the token exists');
  });

  it('skips the fleet wave when a newer version is desired', async () => {
    givenClaim({ state: 'canary_running', canaryCommandId: COMMAND_ID });
    ssm.on(GetParameterHistoryCommand).resolves({ Parameters: [{ Version: 7, Labels: [] }, { Version: 8, Labels: ['desired'] }] });
    ssm.on(ListCommandInvocationsCommand).resolves({ CommandInvocations: [invocation('i-0a1b2c3d4e5f60718', 'Success', APPLIED_7)] });

    const result = await handler(loadEvent('command-status-change-success'), lambdaContext('onCommandStatus'));

    expect(result.advance).toEqual({ phase: 'canary', next: 'superseded' });
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
  });

  it('labels a completed fleet wave deployed', async () => {
    givenClaim({ state: 'fleet_running', canaryCommandId: 'cmd-canary', fleetCommandId: COMMAND_ID });
    ssm.on(ListCommandInvocationsCommand).resolves({ CommandInvocations: [invocation('i-0a1b2c3d4e5f60718', 'Success', APPLIED_7)] });

    const result = await handler(loadEvent('command-status-change-success'), lambdaContext('onCommandStatus'));

    expect(result.advance).toEqual({ phase: 'fleet', next: 'completed' });
    expect(ssm).toHaveReceivedCommandWith(LabelParameterVersionCommand, { ParameterVersion: 6, Labels: ['previous'] });
    expect(ssm).toHaveReceivedCommandWith(LabelParameterVersionCommand, { ParameterVersion: 7, Labels: ['deployed'] });
  });

  it('ignores a repeated canary event', async () => {
    givenClaim({ state: 'fleet_running', canaryCommandId: COMMAND_ID, fleetCommandId: 'cmd-fleet' });
    ssm.on(ListCommandInvocationsCommand).resolves({ CommandInvocations: [invocation('i-0a1b2c3d4e5f60718', 'Success', APPLIED_7)] });

    const result = await handler(loadEvent('command-status-change-success'), lambdaContext('onCommandStatus'));

    expect(result.advance).toEqual({ phase: 'canary', next: 'stale' });
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
  });

  it('re-reads results not yet published', async () => {
    ssm
      .on(ListCommandInvocationsCommand)
      .resolvesOnce({ CommandInvocations: [] })
      .resolves({ CommandInvocations: [invocation('i-0a1b2c3d4e5f60718', 'Success', APPLIED_7)] });
    ssm.on(ListCommandsCommand).resolves({ Commands: [{ CommandId: COMMAND_ID, TargetCount: 1 }] });

    const result = await handler(loadEvent('command-status-change-success'), lambdaContext('onCommandStatus'));

    expect(ssm).toHaveReceivedCommandTimes(ListCommandInvocationsCommand, 2);
    expect(result.summary.counts.applied).toBe(1);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });
});
