import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redriveRollout, type RedriveResult } from '../../../shared/rollout/redrive-rollout.js';
import { FINAL_STATES } from '../../../shared/rollout/rollout-record.js';
import {
  alerts,
  claimState,
  commandsOf,
  expectInstanceOn,
  expectNoLeaks,
  expectNothingLost,
  FLEET_TAG,
  STACK_NAME,
  startFaultStack,
  type FaultStack,
} from '../../helpers/fault-stack.js';

// EventBridge delivers AWS service events at least once and on a best-effort basis: an event can
// arrive several times or not at all. Claims must turn repeated deliveries into one command per
// wave, and the re-drive of the scheduled check must finish a wave whose status event was lost.
const INSTANCES = ['i-0fa20000000000001', 'i-0fa20000000000002', 'i-0fa20000000000003'];
const PARAMETER_CHANGE = 'Parameter Store Change';
const COMMAND_STATUS = 'EC2 Command Status-change Notification';

let stack: FaultStack;

beforeAll(async () => {
  stack = await startFaultStack({
    name: 'events',
    instances: INSTANCES.map((instanceId) => ({ instanceId, tags: { ...FLEET_TAG } })),
    serviceEnv: { MAX_CONCURRENCY: '100%', NOTIFY_ON_SUCCESS: 'true' },
  });
});

afterAll(async () => {
  await stack?.stop();
});

/** Re-drives every claim that is not final, as the scheduled check does; returns what each re-drive did. */
async function redriveOpenClaims(): Promise<RedriveResult[]> {
  const deps = await stack.rolloutDeps();
  const open = (await stack.claims()).filter((claim) => !FINAL_STATES.includes(claim.state));
  const results: RedriveResult[] = [];
  for (const claim of open) results.push(await redriveRollout(claim, deps));
  return results;
}

function successSubject(version: number): string {
  return `[${STACK_NAME}] Token rollout /whisperx/hf_token v${version}: all 3 instances updated`;
}

describe('event delivery faults', () => {
  it('parameter change delivered three times', async () => {
    const alertsBefore = alerts(stack).length;
    stack.bus.duplicateNext(PARAMETER_CHANGE, 3);

    const { version, token } = await stack.rotate();
    await stack.settle();

    const handled = stack.bus.deliveries.filter((delivery) => delivery.rule === 'onParameterChange' && delivery.outcome === 'succeeded');
    expect(handled.filter((delivery) => (delivery.result as { action?: string }).action === 'duplicate')).toHaveLength(2);
    expect(commandsOf(stack, version, 'canary')).toHaveLength(1);
    expect(commandsOf(stack, version, 'fleet')).toHaveLength(1);
    for (const instanceId of INSTANCES) await expectInstanceOn(stack, instanceId, token);
    expect(await claimState(stack, version)).toBe('completed');
    expect(alerts(stack).slice(alertsBefore).map((alert) => alert.subject)).toEqual([successSubject(version)]);
    await expectNothingLost(stack, version);
  });

  it('command status delivered three times', async () => {
    // Both terminal status events (canary and fleet wave) arrive three times at once.
    const alertsBefore = alerts(stack).length;
    stack.bus.duplicateNext(COMMAND_STATUS, 3, 2);

    const { version, token } = await stack.rotate();
    await stack.settle();

    expect(commandsOf(stack, version, 'canary')).toHaveLength(1);
    expect(commandsOf(stack, version, 'fleet')).toHaveLength(1);
    for (const instanceId of INSTANCES) await expectInstanceOn(stack, instanceId, token);
    expect(await claimState(stack, version)).toBe('completed');
    expect(alerts(stack).slice(alertsBefore).map((alert) => alert.subject)).toEqual([successSubject(version)]);
    await expectNothingLost(stack, version);
  });

  it('lost status events re-driven', async () => {
    // The canary's status event is lost, then the fleet wave's: each wave waits for the re-drive.
    const alertsBefore = alerts(stack).length;
    stack.bus.dropNext(COMMAND_STATUS, 2);

    const { version, token } = await stack.rotate();
    await stack.settle();
    const afterCanary = await claimState(stack, version);
    const firstRedrive = await redriveOpenClaims();
    await stack.settle();
    const afterFleet = await claimState(stack, version);
    const secondRedrive = await redriveOpenClaims();
    await stack.settle();

    expect(stack.bus.dropped).toHaveLength(2);
    expect(afterCanary).toBe('canary_running');
    expect(firstRedrive).toEqual(['advanced']);
    expect(afterFleet).toBe('fleet_running');
    expect(secondRedrive).toEqual(['advanced']);
    expect(commandsOf(stack, version, 'canary')).toHaveLength(1);
    expect(commandsOf(stack, version, 'fleet')).toHaveLength(1);
    for (const instanceId of INSTANCES) await expectInstanceOn(stack, instanceId, token);
    expect(await claimState(stack, version)).toBe('completed');
    expect(alerts(stack).slice(alertsBefore).map((alert) => alert.subject)).toEqual([successSubject(version)]);
    await expectNothingLost(stack, version);
  });

  it('status event before claim save', async () => {
    // The claim records the canary's command id only after SendCommand returned. Here the
    // operator's PutParameter and the claim run at once, and the third PutParameter (that save)
    // waits 6 s, so the canary's status event arrives first. The fleet wave must still start.
    stack.aws.faults.delay('PutParameter', 0, 2);
    stack.aws.faults.delay('PutParameter', 6_000);
    const alertsBefore = alerts(stack).length;

    const { version, token } = await stack.rotate();
    await stack.settle();

    expect(commandsOf(stack, version, 'canary')).toHaveLength(1);
    expect(commandsOf(stack, version, 'fleet')).toHaveLength(1);
    for (const instanceId of INSTANCES) await expectInstanceOn(stack, instanceId, token);
    expect(await claimState(stack, version)).toBe('completed');
    expect(alerts(stack).slice(alertsBefore).map((alert) => alert.subject)).toEqual([successSubject(version)]);
    await expectNothingLost(stack, version);
  });

  it('leaks no token', () => {
    expectNoLeaks(stack);
  });
});
