import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alerts,
  claimState,
  commandsOf,
  countCalls,
  countLogLines,
  expectInstanceOn,
  expectNoLeaks,
  expectNothingLost,
  FLEET_TAG,
  STACK_NAME,
  startFaultStack,
  type FaultStack,
} from '../../helpers/fault-stack.js';

// Failures that a retry heals: throttling and server errors of single calls, results that Run
// Command publishes late or behind an empty page. Every rollout must still reach every instance
// with exactly one command per wave and one success alert.
const INSTANCES = ['i-0fa10000000000001', 'i-0fa10000000000002', 'i-0fa10000000000003'];

let stack: FaultStack;

beforeAll(async () => {
  stack = await startFaultStack({
    name: 'transient',
    instances: INSTANCES.map((instanceId) => ({ instanceId, tags: { ...FLEET_TAG } })),
    serviceEnv: { MAX_CONCURRENCY: '100%', NOTIFY_ON_SUCCESS: 'true' },
  });
});

afterAll(async () => {
  await stack?.stop();
});

/** Stores a new token, waits for the rollout, and checks what every scenario of this file shares. */
async function rolloutSucceeds(): Promise<{ version: number; token: string }> {
  const alertsBefore = alerts(stack).length;
  const rotated = await stack.rotate();
  await stack.settle();

  for (const instanceId of INSTANCES) await expectInstanceOn(stack, instanceId, rotated.token);
  expect(commandsOf(stack, rotated.version, 'canary')).toHaveLength(1);
  expect(commandsOf(stack, rotated.version, 'fleet')).toHaveLength(1);
  expect(await claimState(stack, rotated.version)).toBe('completed');
  expect(await stack.labelled('deployed')).toBe(rotated.version);
  expect(alerts(stack).slice(alertsBefore).map((alert) => alert.subject)).toEqual([
    `[${STACK_NAME}] Token rollout /whisperx/hf_token v${rotated.version}: all 3 instances updated`,
  ]);
  await expectNothingLost(stack, rotated.version);
  return rotated;
}

describe('transient AWS errors', () => {
  it('SendCommand throttled twice', async () => {
    const throttledBefore = countCalls(stack, 'SendCommand', 'ThrottlingException');
    stack.aws.faults.throttle('SendCommand', 2);

    // After throttling, the SDK's adaptive retry also slows the save of the canary's command id,
    // so the canary can end before its claim records it.
    await rolloutSucceeds();

    expect(countCalls(stack, 'SendCommand', 'ThrottlingException') - throttledBefore).toBe(2);
  });

  it('ListCommandInvocations failing with 5xx', async () => {
    const failedBefore = countCalls(stack, 'ListCommandInvocations', 'InternalServerError');
    stack.aws.faults.serverError('ListCommandInvocations', 2);

    await rolloutSucceeds();

    expect(countCalls(stack, 'ListCommandInvocations', 'InternalServerError') - failedBefore).toBe(2);
  });

  it('handler failing before the command', async () => {
    // Five server errors use up the SDK's five attempts, so the handler fails after its claim.
    const deliveriesBefore = stack.bus.deliveries.length;
    stack.aws.faults.serverError('SendCommand', 5);

    await rolloutSucceeds();

    const attempts = stack.bus.deliveries
      .slice(deliveriesBefore)
      .filter((delivery) => delivery.rule === 'onParameterChange')
      .map((delivery) => `${delivery.attempt} ${delivery.outcome}`);
    expect(attempts).toEqual(['1 failed', '2 succeeded']);
    expect(countLogLines(stack, 'rollout.claim_released')).toBeGreaterThan(0);
  });

  it('results published late', async () => {
    const notReadyBefore = countLogLines(stack, 'results.not_ready');
    stack.aws.faults.delayResults(2, 2);

    await rolloutSucceeds();

    // Two empty responses for each of the two waves.
    expect(countLogLines(stack, 'results.not_ready') - notReadyBefore).toBe(4);
  });

  it('empty page with NextToken', async () => {
    const listsBefore = countCalls(stack, 'ListCommandInvocations');
    stack.aws.faults.emptyPage('ListCommandInvocations', 2);

    await rolloutSucceeds();

    // One page per wave, plus the two empty pages that led to them.
    expect(countCalls(stack, 'ListCommandInvocations') - listsBefore).toBe(4);
  });

  it('leaks no token', () => {
    expectNoLeaks(stack);
  });
});
