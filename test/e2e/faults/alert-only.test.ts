import { DeleteParameterCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_PARAMETER } from '../../../local/stack.js';
import { FINAL_STATES } from '../../../shared/rollout/rollout-record.js';
import {
  alerts,
  claimState,
  countCalls,
  expectInstanceUntouched,
  expectNoLeaks,
  expectNothingLost,
  STACK_NAME,
  startFaultStack,
  type FaultStack,
} from '../../helpers/fault-stack.js';

// Changes that must end in an alert and nothing else: a rollout that finds no instance with the
// tag (also while SNS throttles Publish) and a deleted token parameter. The fleet carries another
// tag value, so every instance must stay untouched.
const INSTANCES = ['i-0fa60000000000001', 'i-0fa60000000000002'];
const OTHER_TAG = { HfTokenConsumer: 'batch-jobs' };

let stack: FaultStack;

beforeAll(async () => {
  stack = await startFaultStack({
    name: 'alert-only',
    instances: INSTANCES.map((instanceId) => ({ instanceId, tags: { ...OTHER_TAG } })),
  });
});

afterAll(async () => {
  await stack?.stop();
});

function noTargetSubject(version: number): string {
  return `[${STACK_NAME}] Token rollout /whisperx/hf_token v${version}: no instance targeted`;
}

describe('alert-only outcomes', () => {
  it('no instance with the tag', async () => {
    const alertsBefore = alerts(stack).length;

    const { version } = await stack.rotate();
    await stack.settle();

    const published = alerts(stack).slice(alertsBefore);
    expect(published.map((alert) => alert.subject)).toEqual([noTargetSubject(version)]);
    expect(published[0]?.message).toContain('no managed instance carries the tag tag:HfTokenConsumer=whisperx');
    expect(published[0]?.message).toContain('(status Success)');
    for (const instanceId of INSTANCES) await expectInstanceUntouched(stack, instanceId);
    expect(await claimState(stack, version)).toBe('failed');
    await expectNothingLost(stack, version);
  });

  it('Publish throttled twice', async () => {
    const alertsBefore = alerts(stack).length;
    const throttledBefore = countCalls(stack, 'Publish', 'Throttled');
    stack.aws.faults.throttle('Publish', 2, 'sns');

    const { version } = await stack.rotate();
    await stack.settle();

    expect(countCalls(stack, 'Publish', 'Throttled') - throttledBefore).toBe(2);
    expect(alerts(stack).slice(alertsBefore).map((alert) => alert.subject)).toEqual([noTargetSubject(version)]);
    for (const instanceId of INSTANCES) await expectInstanceUntouched(stack, instanceId);
    expect(await claimState(stack, version)).toBe('failed');
    await expectNothingLost(stack, version);
  });

  it('parameter deleted', async () => {
    const alertsBefore = alerts(stack).length;
    const commandsBefore = stack.aws.ssm.commands().length;

    await stack.ssm.send(new DeleteParameterCommand({ Name: TOKEN_PARAMETER }));
    await stack.settle();

    const published = alerts(stack).slice(alertsBefore);
    expect(published.map((alert) => alert.subject)).toEqual([`[${STACK_NAME}] Token parameter /whisperx/hf_token was deleted`]);
    expect(published[0]?.message).toContain('Nothing was rolled out: the instances keep the token they run now');
    expect(stack.aws.ssm.commands()).toHaveLength(commandsBefore);
    for (const instanceId of INSTANCES) await expectInstanceUntouched(stack, instanceId);
    expect((await stack.claims()).filter((claim) => !FINAL_STATES.includes(claim.state))).toEqual([]);
    expect(stack.bus.deadLetters).toEqual([]);
  });

  it('leaks no token', () => {
    expectNoLeaks(stack);
  });
});
