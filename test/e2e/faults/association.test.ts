import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_PARAMETER } from '../../../local/stack.js';
import { requestRollout } from '../../../shared/rollout/request-rollout.js';
import {
  alerts,
  appliedVersions,
  claimState,
  expectInstanceOn,
  expectNoLeaks,
  expectNothingLost,
  FLEET_TAG,
  STACK_NAME,
  startFaultStack,
  type FaultStack,
} from '../../helpers/fault-stack.js';

// Instances that a rollout does not finish on: one offline, one whose script outlives the
// execution timeout. The State Manager association (tokenVersion=desired) brings them to the
// desired version later, and keeps an operator's rollback because the rollback moves `desired`.
// The canary is the first online tagged instance by id, so the faults hit the last instance.
const INSTANCES = ['i-0fa40000000000001', 'i-0fa40000000000002', 'i-0fa40000000000003'];
const LAST = 'i-0fa40000000000003';

let stack: FaultStack;

beforeAll(async () => {
  stack = await startFaultStack({
    name: 'association',
    instances: INSTANCES.map((instanceId) => ({ instanceId, tags: { ...FLEET_TAG } })),
    serviceEnv: { MAX_CONCURRENCY: '100%' },
  });
});

afterAll(async () => {
  await stack?.stop();
});

describe('association after incomplete rollouts', () => {
  it('offline instance caught up', async () => {
    stack.fleet.setOnline(LAST, false);
    const alertsBefore = alerts(stack).length;

    const { version, token } = await stack.rotate();
    await stack.settle();
    const published = alerts(stack).slice(alertsBefore);
    const callsWhileOffline = stack.fleet.argvLogs()[LAST] ?? [];
    stack.fleet.setOnline(LAST, true);
    await stack.settle();

    expect(callsWhileOffline).toEqual([]);
    expect(published).toHaveLength(1);
    expect(published[0]?.subject).toBe(`[${STACK_NAME}] 1 of 3 instances need attention after token rollout /whisperx/hf_token v${version}`);
    expect(published[0]?.message).toContain(`- ${LAST}: not reached, Delivery Timed Out`);
    expect(stack.association.runs().at(-1)).toMatchObject({ reason: 'online', instanceIds: [LAST] });
    for (const instanceId of INSTANCES) await expectInstanceOn(stack, instanceId, token);
    expect(alerts(stack).slice(alertsBefore)).toHaveLength(1);
    expect(await claimState(stack, version)).toBe('completed');
    expect(await stack.labelled('deployed')).toBe(version);
    await expectNothingLost(stack, version);
  });

  it('execution timeout reported failed', async () => {
    // Both waves get a 6 s execution timeout and a health wait of 60 s, so the instance whose
    // container never listens is killed while it waits.
    stack.aws.faults.executionTimeout(6, 2, { healthTimeoutSeconds: '60' });
    stack.fleet.setFaults(LAST, { healthNeverListensAfterRecreate: true });
    const alertsBefore = alerts(stack).length;

    const { version, token } = await stack.rotate();
    await stack.settle();
    const published = alerts(stack).slice(alertsBefore);
    const runningAfterTimeout = await stack.fleet.runningFingerprint(LAST);
    stack.fleet.setFaults(LAST, {});
    await stack.association.runNow();
    await stack.settle();

    expect(published).toHaveLength(1);
    expect(published[0]?.subject).toBe(`[${STACK_NAME}] 1 of 3 instances need attention after token rollout /whisperx/hf_token v${version}`);
    expect(published[0]?.message).toContain(`- ${LAST}: failed, Execution Timed Out`);
    expect(published[0]?.message).toContain('Failed: the instance may not run a working token.');
    // The killed script could not roll back, so the recreated container still does not listen.
    expect(runningAfterTimeout).toBeNull();
    for (const instanceId of INSTANCES) await expectInstanceOn(stack, instanceId, token);
    expect(alerts(stack).slice(alertsBefore)).toHaveLength(1);
    expect(await claimState(stack, version)).toBe('failed');
    await expectNothingLost(stack, version);
  });

  it('rollback kept by association', async () => {
    const current = await stack.rotate();
    await stack.settle();
    const target = await stack.labelled('previous');
    const alertsBefore = alerts(stack).length;
    if (target === null) throw new Error('no version carries the previous label after a completed rollout');

    const started = await requestRollout(
      { parameter: TOKEN_PARAMETER, version: target, rollback: true, trigger: 'cli', rerun: true },
      await stack.rolloutDeps(),
    );
    await stack.settle();
    const rollbackCommands = stack.aws.ssm.commands().filter((command) => command.parameters['rollback']?.[0] === 'true');
    const scheduled = await stack.association.runNow();
    await stack.settle();

    expect(target).toBeLessThan(current.version);
    expect(started.action).toBe('canary_started');
    expect(rollbackCommands.map((command) => command.comment)).toEqual([
      `hf-token-rotation ${TOKEN_PARAMETER}:${target} canary`,
      `hf-token-rotation ${TOKEN_PARAMETER}:${target} fleet`,
    ]);
    expect(await stack.labelled('deployed')).toBe(target);
    expect(await stack.labelled('previous')).toBe(current.version);
    expect(scheduled?.instanceIds).toEqual(INSTANCES);
    for (const invocation of stack.aws.ssm.invocations(scheduled?.commandId ?? '')) {
      expect(invocation.stdout, invocation.instanceId).toContain('"status":"unchanged"');
    }
    for (const instanceId of INSTANCES) {
      await expectInstanceOn(stack, instanceId, stack.tokens.get(target) ?? '');
      expect(appliedVersions(stack)[instanceId]?.at(-1)).toBe(target);
    }
    expect(alerts(stack).slice(alertsBefore)).toEqual([]);
    expect(await claimState(stack, target)).toBe('completed');
    await expectNothingLost(stack, target);
  });

  it('failed canary kept off the fleet', async () => {
    const deployed = await stack.labelled('deployed');
    if (deployed === null) throw new Error('no version carries the deployed label after a completed rollout');
    stack.fleet.setFaults(INSTANCES[0]!, { healthFailsAfterRecreate: 1 });
    const alertsBefore = alerts(stack).length;

    const { version } = await stack.rotate();
    await stack.settle();
    const published = alerts(stack).slice(alertsBefore);
    const scheduled = await stack.association.runNow();
    await stack.settle();

    expect(scheduled?.instanceIds).toEqual(INSTANCES);
    for (const instanceId of INSTANCES) {
      expect(appliedVersions(stack)[instanceId]).not.toContain(version);
      await expectInstanceOn(stack, instanceId, stack.tokens.get(deployed) ?? '');
    }
    expect(await claimState(stack, version)).toBe('failed');
    expect(published.map((alert) => alert.subject)).toEqual([`[${STACK_NAME}] Canary failed, rollout stopped: /whisperx/hf_token v${version}`]);
    expect(published[0]?.message).toContain(`The desired label points to version ${deployed} again`);
    await expectNothingLost(stack, deployed);
  });

  it('leaks no token', () => {
    expectNoLeaks(stack);
  });
});
