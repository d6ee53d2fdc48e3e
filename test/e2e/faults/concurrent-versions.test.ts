import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  alerts,
  appliedVersions,
  claimState,
  commandsOf,
  countCalls,
  expectInstanceOn,
  expectNoLeaks,
  expectNothingLost,
  FLEET_TAG,
  startFaultStack,
  type FaultStack,
} from '../../helpers/fault-stack.js';

// A newer version arriving while an older one rolls out, in both orders. The fleet must end on the
// newer version, and no instance may ever apply the older one after the newer.
// The canary is the first online tagged instance by id.
const CANARY = 'i-0fa50000000000001';
const INSTANCES = [CANARY, 'i-0fa50000000000002', 'i-0fa50000000000003'];
/** Waits for a condition of the rollout, not for a duration: the limit only stops a hung test. */
const UNTIL = { timeout: 30_000, interval: 50 } as const;

let stack: FaultStack;

beforeAll(async () => {
  stack = await startFaultStack({
    name: 'versions',
    instances: INSTANCES.map((instanceId) => ({ instanceId, tags: { ...FLEET_TAG } })),
    serviceEnv: { MAX_CONCURRENCY: '100%' },
  });
  await stack.rotate();
  await stack.settle();
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

/** Checks that each instance's applied versions only grow and end on `version`. */
function expectNeverMovedBack(version: number): void {
  for (const [instanceId, versions] of Object.entries(appliedVersions(stack))) {
    expect(versions, instanceId).toEqual([...versions].sort((a, b) => a - b));
    expect(versions.at(-1), instanceId).toBe(version);
  }
}

describe('overlapping versions', () => {
  it('newer version during canary', async () => {
    const alertsBefore = alerts(stack).length;
    stack.gate.hold(CANARY);

    const older = await stack.rotate();
    await stack.gate.whenHeld(CANARY);
    const newer = await stack.rotate();
    await vi.waitFor(async () => expect(await claimState(stack, newer.version)).toBe('completed'), UNTIL);
    stack.gate.release();
    await stack.settle();

    const olderCanary = commandsOf(stack, older.version, 'canary');
    expect(olderCanary).toHaveLength(1);
    expect(stack.aws.ssm.commands().find((command) => command.commandId === olderCanary[0])?.status).toBe('Cancelled');
    // The held invocation ran after the newer version was applied, and the script refused it.
    expect(stack.aws.ssm.invocations(olderCanary[0] ?? '')[0]?.stdout).toContain('"status":"failed"');
    expect(stack.aws.ssm.invocations(olderCanary[0] ?? '')[0]?.stdout).toContain('"step":"version_guard"');
    expect(commandsOf(stack, older.version, 'fleet')).toHaveLength(0);
    expect(await claimState(stack, older.version)).toBe('superseded');
    expect(await claimState(stack, newer.version)).toBe('completed');
    for (const instanceId of INSTANCES) await expectInstanceOn(stack, instanceId, newer.token);
    expectNeverMovedBack(newer.version);
    expect(alerts(stack).slice(alertsBefore)).toEqual([]);
    await expectNothingLost(stack, newer.version);
  });

  it('older version during canary', async () => {
    // The older version's handler stops before it reads the labels; the newer one's canary waits
    // at the gate until the older request has been decided.
    const alertsBefore = alerts(stack).length;
    const historyReadsBefore = countCalls(stack, 'GetParameterHistory');
    stack.aws.faults.delay('GetParameterHistory', 3_000);
    stack.gate.hold(CANARY);

    const older = await stack.rotate();
    await vi.waitFor(() => expect(countCalls(stack, 'GetParameterHistory')).toBeGreaterThan(historyReadsBefore), UNTIL);
    const newer = await stack.rotate();
    await stack.gate.whenHeld(CANARY);
    await vi.waitFor(async () => expect(await claimState(stack, older.version)).toBe('superseded'), UNTIL);
    stack.gate.release();
    await stack.settle();

    expect(commandsOf(stack, older.version, 'canary')).toHaveLength(0);
    expect(commandsOf(stack, older.version, 'fleet')).toHaveLength(0);
    expect(await claimState(stack, newer.version)).toBe('completed');
    for (const instanceId of INSTANCES) await expectInstanceOn(stack, instanceId, newer.token);
    expectNeverMovedBack(newer.version);
    expect(alerts(stack).slice(alertsBefore)).toEqual([]);
    await expectNothingLost(stack, newer.version);
  });

  it('leaks no token', () => {
    expectNoLeaks(stack);
  });
});
