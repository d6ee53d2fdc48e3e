import {
  CancelCommandCommand,
  GetCommandInvocationCommand,
  InvalidDocument,
  InvalidInstanceId,
  InvalidParameters,
  InvocationDoesNotExist,
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  SendCommandCommand,
  type SendCommandCommandInput,
} from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, it } from 'vitest';
import { buildRefreshDocument } from '../../documents/refresh-token-document.cjs';
import type { InvocationOutcome, InvocationRequest, ManagedInstance } from '../../local/types.js';
import { FakeAgent, TEST_DOCUMENT, failure, instance, startTestEndpoint, success, type TestEndpoint } from './helpers.js';

const PARAMETERS = { tokenParameter: ['/whisperx/hf_token'], tokenVersion: ['7'] };
let endpoint: TestEndpoint | undefined;

afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

function fleet(count: number, tags: Record<string, string> = { Fleet: 'whisperx' }): ManagedInstance[] {
  return Array.from({ length: count }, (_unused, index) => instance(index + 1, tags));
}

async function start(agent: FakeAgent, options: { deliveryTimeoutMs?: number; executionDelayMs?: number } = {}): Promise<TestEndpoint> {
  endpoint = await startTestEndpoint(agent, options);
  endpoint.aws.createDocument('TestDoc', TEST_DOCUMENT);
  return endpoint;
}

async function send(target: TestEndpoint, input: Partial<SendCommandCommandInput> = {}): Promise<string> {
  const output = await target.ssm.send(
    new SendCommandCommand({
      DocumentName: 'TestDoc',
      Targets: [{ Key: 'tag:Fleet', Values: ['whisperx'] }],
      Parameters: PARAMETERS,
      ...input,
    }),
  );
  return output.Command?.CommandId ?? '';
}

async function commandOf(target: TestEndpoint, commandId: string) {
  const output = await target.ssm.send(new ListCommandsCommand({ CommandId: commandId }));
  return output.Commands?.[0];
}

describe('SendCommand', () => {
  it('returns a pending command', async () => {
    const target = await start(new FakeAgent(fleet(2)));

    const output = await target.ssm.send(
      new SendCommandCommand({ DocumentName: 'TestDoc', Targets: [{ Key: 'tag:Fleet', Values: ['whisperx'] }], Parameters: PARAMETERS, Comment: 'rollout v7' }),
    );

    expect(output.Command?.CommandId).toMatch(/^[0-9a-f-]{36}$/);
    expect(output.Command?.Status).toBe('Pending');
    expect(output.Command?.MaxConcurrency).toBe('50');
    expect(output.Command?.MaxErrors).toBe('0');
    expect(output.Command?.Comment).toBe('rollout v7');
    expect(output.Command?.Parameters).toEqual(PARAMETERS);
  });

  it('runs on every tagged instance', async () => {
    const agent = new FakeAgent([...fleet(3), instance(9, { Fleet: 'other' })]);
    const target = await start(agent);

    const commandId = await send(target);
    await target.aws.whenIdle();
    const command = await commandOf(target, commandId);

    expect(agent.requests.map((request) => request.instanceId).sort()).toEqual(fleet(3).map((item) => item.instanceId));
    expect(command?.Status).toBe('Success');
    expect(command?.TargetCount).toBe(3);
    expect(command?.CompletedCount).toBe(3);
  });

  it('passes defaults to the agent', async () => {
    const agent = new FakeAgent(fleet(1));
    const target = await start(agent);

    await send(target);
    await target.aws.whenIdle();

    expect(agent.requests[0]?.parameters).toEqual({ tokenParameter: '/whisperx/hf_token', tokenVersion: '7', rollback: 'false' });
    expect(agent.requests[0]?.timeoutSeconds).toBe(120);
    expect(agent.requests[0]?.documentName).toBe('TestDoc');
  });

  it('runs the refresh document', async () => {
    const agent = new FakeAgent(fleet(1));
    const target = await start(agent);
    target.aws.createDocument('hf-token-rotation-local-RefreshToken', buildRefreshDocument({ timeoutSeconds: 120 }));

    await send(target, { DocumentName: 'hf-token-rotation-local-RefreshToken' });
    await target.aws.whenIdle();

    expect(agent.requests[0]?.parameters['composeService']).toBe('whisperx_cuda');
    expect(agent.requests[0]?.parameters['tokenVersion']).toBe('7');
    expect(agent.requests[0]?.timeoutSeconds).toBe(120);
  });

  it('rejects unknown parameter', async () => {
    const target = await start(new FakeAgent(fleet(1)));

    const attempt = send(target, { Parameters: { ...PARAMETERS, token: ['hf_x'] } });

    await expect(attempt).rejects.toBeInstanceOf(InvalidParameters);
  });

  it('rejects value failing allowedPattern', async () => {
    const target = await start(new FakeAgent(fleet(1)));

    const attempt = send(target, { Parameters: { ...PARAMETERS, tokenVersion: ['latest; rm -rf /'] } });

    await expect(attempt).rejects.toBeInstanceOf(InvalidParameters);
  });

  it('rejects missing required parameter', async () => {
    const target = await start(new FakeAgent(fleet(1)));

    const attempt = send(target, { Parameters: { tokenParameter: ['/whisperx/hf_token'] } });

    await expect(attempt).rejects.toBeInstanceOf(InvalidParameters);
  });

  it('rejects unknown document', async () => {
    const target = await start(new FakeAgent(fleet(1)));

    const attempt = send(target, { DocumentName: 'Missing-Doc' });

    await expect(attempt).rejects.toBeInstanceOf(InvalidDocument);
  });

  it('rejects more than 50 instance ids', async () => {
    const instances = fleet(51);
    const target = await start(new FakeAgent(instances));

    const attempt = send(target, { Targets: undefined, InstanceIds: instances.map((item) => item.instanceId) });

    await expect(attempt).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('rejects unknown instance id', async () => {
    const target = await start(new FakeAgent(fleet(1)));

    const attempt = send(target, { Targets: undefined, InstanceIds: ['i-0123456789abcdef0'] });

    await expect(attempt).rejects.toBeInstanceOf(InvalidInstanceId);
  });

  it('rejects invalid MaxConcurrency', async () => {
    const target = await start(new FakeAgent(fleet(1)));

    const attempt = send(target, { MaxConcurrency: '0' });

    await expect(attempt).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe('command execution', () => {
  it('respects MaxConcurrency', async () => {
    const agent = new FakeAgent(fleet(6));
    const target = await start(agent);

    await send(target, { MaxConcurrency: '2' });
    await target.aws.whenIdle();

    expect(agent.requests).toHaveLength(6);
    expect(agent.maxRunning).toBe(2);
  });

  it('resolves percent MaxConcurrency', async () => {
    const agent = new FakeAgent(fleet(10));
    const target = await start(agent);

    await send(target, { MaxConcurrency: '30%' });
    await target.aws.whenIdle();

    expect(agent.maxRunning).toBe(3);
  });

  it('stops starting after MaxErrors exceeded', async () => {
    const agent = new FakeAgent(fleet(5), () => failure());
    const target = await start(agent);

    const commandId = await send(target, { MaxConcurrency: '1', MaxErrors: '1' });
    await target.aws.whenIdle();
    const invocations = target.aws.ssm.invocations(commandId);
    const command = await commandOf(target, commandId);

    expect(agent.requests).toHaveLength(2);
    expect(invocations.map((invocation) => invocation.statusDetails)).toEqual(['Failed', 'Failed', 'Terminated', 'Terminated', 'Terminated']);
    expect(command?.Status).toBe('Failed');
    expect(command?.StatusDetails).toBe('Failed');
    expect(command?.ErrorCount).toBe(2);
    expect(command?.CompletedCount).toBe(5);
  });

  it('reports Incomplete within MaxErrors', async () => {
    const agent = new FakeAgent(fleet(3), (request) => (request.instanceId.endsWith('2') ? failure() : success()));
    const target = await start(agent);

    const commandId = await send(target, { MaxErrors: '1' });
    await target.aws.whenIdle();
    const command = await commandOf(target, commandId);

    expect(agent.requests).toHaveLength(3);
    expect(command?.StatusDetails).toBe('Incomplete');
    expect(command?.Status).toBe('Failed');
  });

  it('counts execution timeouts as errors', async () => {
    const timedOut: InvocationOutcome = { status: 'TimedOut', responseCode: -1, stdout: '', stderr: '' };
    const agent = new FakeAgent(fleet(3), () => timedOut);
    const target = await start(agent);

    const commandId = await send(target, { MaxConcurrency: '1' });
    await target.aws.whenIdle();
    const command = await commandOf(target, commandId);

    expect(target.aws.ssm.invocations(commandId).map((invocation) => invocation.statusDetails)).toEqual(['Execution Timed Out', 'Terminated', 'Terminated']);
    expect(command?.Status).toBe('TimedOut');
    expect(command?.ErrorCount).toBe(1);
  });

  it('marks inactive instances undeliverable', async () => {
    const agent = new FakeAgent([instance(1, { Fleet: 'whisperx' }), instance(2, { Fleet: 'whisperx' }, 'Inactive')]);
    const target = await start(agent);

    const commandId = await send(target);
    await target.aws.whenIdle();
    const command = await commandOf(target, commandId);

    expect(agent.requests.map((request) => request.instanceId)).toEqual(['i-00000000000000001']);
    expect(target.aws.ssm.invocations(commandId).map((invocation) => invocation.statusDetails)).toEqual(['Success', 'Undeliverable']);
    expect(command?.Status).toBe('Success');
    expect(command?.ErrorCount).toBe(0);
  });

  it('times out delivery to offline instances', async () => {
    const agent = new FakeAgent([instance(1, { Fleet: 'whisperx' }), instance(2, { Fleet: 'whisperx' }, 'ConnectionLost')]);
    const target = await start(agent);

    const commandId = await send(target);
    await target.aws.whenIdle();
    const command = await commandOf(target, commandId);

    expect(target.aws.ssm.invocations(commandId).map((invocation) => invocation.statusDetails)).toEqual(['Success', 'Delivery Timed Out']);
    expect(command?.StatusDetails).toBe('Delivery Timed Out');
    expect(command?.DeliveryTimedOutCount).toBe(1);
    expect(command?.ErrorCount).toBe(0);
  });

  it('delivers once instance returns', async () => {
    const offline = instance(1, { Fleet: 'whisperx' }, 'ConnectionLost');
    const agent = new FakeAgent([offline]);
    const target = await start(agent, { deliveryTimeoutMs: 5000 });

    const commandId = await send(target);
    setTimeout(() => {
      agent.instances = [{ ...offline, pingStatus: 'Online' }];
    }, 50);
    await target.aws.whenIdle();

    expect(target.aws.ssm.invocations(commandId).map((invocation) => invocation.statusDetails)).toEqual(['Success']);
  });

  it('reports empty tag match', async () => {
    const agent = new FakeAgent(fleet(2));
    const target = await start(agent);

    const commandId = await send(target, { Targets: [{ Key: 'tag:Fleet', Values: ['nobody'] }] });
    await target.aws.whenIdle();
    const command = await commandOf(target, commandId);
    const final = target.events.at(-1);

    expect(command?.TargetCount).toBe(0);
    expect(command?.StatusDetails).toBe('No Instances In Tag');
    expect(command?.Status).toBe('Success');
    expect(final?.detail['status']).toBe('Success');
    expect(final?.resources).toEqual([]);
  });

  it('reports agent exception as failure', async () => {
    const agent = new FakeAgent(fleet(1), () => {
      throw new TypeError('fleet bug');
    });
    const target = await start(agent);

    const commandId = await send(target);
    await target.aws.whenIdle();
    const [invocation] = target.aws.ssm.invocations(commandId);

    expect(invocation?.statusDetails).toBe('Failed');
    expect(invocation?.stderr).toContain('TypeError');
  });
});

describe('invocation results', () => {
  it('raise InvocationDoesNotExist before execution', async () => {
    const target = await start(new FakeAgent(fleet(1)), { executionDelayMs: 500 });

    const commandId = await send(target);
    const attempt = target.ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: 'i-00000000000000001' }));

    await expect(attempt).rejects.toBeInstanceOf(InvocationDoesNotExist);
  });

  it('list no invocations before execution', async () => {
    const target = await start(new FakeAgent(fleet(1)), { executionDelayMs: 500 });

    const commandId = await send(target);
    const output = await target.ssm.send(new ListCommandInvocationsCommand({ CommandId: commandId }));

    expect(output.CommandInvocations).toEqual([]);
  });

  it('truncate GetCommandInvocation output', async () => {
    const outcome: InvocationOutcome = { status: 'Failed', responseCode: 3, stdout: 'o'.repeat(30_000), stderr: 'e'.repeat(9000) };
    const target = await start(new FakeAgent(fleet(1), () => outcome));

    const commandId = await send(target);
    await target.aws.whenIdle();
    const output = await target.ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: 'i-00000000000000001' }));

    expect(output.StandardOutputContent).toHaveLength(24_000);
    expect(output.StandardErrorContent).toHaveLength(8000);
    expect(output.ResponseCode).toBe(3);
    expect(output.Status).toBe('Failed');
    expect(output.PluginName).toBe('refreshToken');
    expect(output.ExecutionElapsedTime).toMatch(/^PT\d+\.\d{3}S$/);
  });

  it('truncate plugin output in list details', async () => {
    const target = await start(new FakeAgent(fleet(1), () => success('x'.repeat(3000))));

    const commandId = await send(target);
    await target.aws.whenIdle();
    const output = await target.ssm.send(new ListCommandInvocationsCommand({ CommandId: commandId, Details: true }));
    const plugin = output.CommandInvocations?.[0]?.CommandPlugins?.[0];

    expect(plugin?.Output).toHaveLength(2500);
    expect(plugin?.ResponseCode).toBe(0);
    expect(plugin?.Status).toBe('Success');
  });

  it('leave plugins out without details', async () => {
    const target = await start(new FakeAgent(fleet(1)));

    const commandId = await send(target);
    await target.aws.whenIdle();
    const output = await target.ssm.send(new ListCommandInvocationsCommand({ CommandId: commandId }));

    expect(output.CommandInvocations?.[0]?.CommandPlugins).toEqual([]);
  });

  it('page through invocations', async () => {
    const target = await start(new FakeAgent(fleet(7)));

    const commandId = await send(target);
    await target.aws.whenIdle();
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await target.ssm.send(new ListCommandInvocationsCommand({ CommandId: commandId, MaxResults: 3, NextToken: nextToken }));
      seen.push(...(page.CommandInvocations ?? []).map((invocation) => invocation.InstanceId ?? ''));
      nextToken = page.NextToken;
      pages += 1;
    } while (nextToken !== undefined);

    expect(pages).toBe(3);
    expect(seen).toEqual(fleet(7).map((item) => item.instanceId));
  });
});

describe('CancelCommand', () => {
  it('cancels invocations not yet started', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const agent = new FakeAgent(fleet(3), async (request: InvocationRequest) => {
      await gate;
      return success(request.instanceId);
    });
    const target = await start(agent);
    const commandId = await send(target, { MaxConcurrency: '1' });
    while (agent.requests.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }

    await target.ssm.send(new CancelCommandCommand({ CommandId: commandId }));
    release();
    await target.aws.whenIdle();
    const command = await commandOf(target, commandId);

    expect(agent.requests).toHaveLength(1);
    expect(target.aws.ssm.invocations(commandId).map((invocation) => invocation.statusDetails)).toEqual(['Cancelled', 'Cancelled', 'Cancelled']);
    expect(command?.Status).toBe('Cancelled');
  });
});
