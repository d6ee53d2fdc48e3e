import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alerts,
  claimState,
  commandsOf,
  expectInstanceOn,
  expectInstanceUntouched,
  expectNoLeaks,
  expectNothingLost,
  FLEET_TAG,
  STACK_NAME,
  startFaultStack,
  type FaultStack,
} from '../../helpers/fault-stack.js';

// Severe failures: a failed canary stops the rollout before the fleet, and a fleet wave in which
// most instances fail. Both publish one alert and escalate once, to Incident Manager and OpsCenter.
// The canary is the first online tagged instance by id.
const CANARY = 'i-0fa30000000000001';
const REST = ['i-0fa30000000000002', 'i-0fa30000000000003'];
const RESPONSE_PLAN = 'hf-token-escalation';

let stack: FaultStack;

beforeAll(async () => {
  stack = await startFaultStack({
    name: 'escalation',
    instances: [CANARY, ...REST].map((instanceId) => ({ instanceId, tags: { ...FLEET_TAG } })),
    serviceEnv: { MAX_CONCURRENCY: '100%', OPS_CENTER_ENABLED: 'true' },
    responsePlan: RESPONSE_PLAN,
  });
});

afterAll(async () => {
  await stack?.stop();
});

describe('escalated rollout failures', () => {
  it('canary failure stops the rollout', async () => {
    stack.fleet.setFaults(CANARY, { healthFailsAfterRecreate: 1 });

    const { version } = await stack.rotate();
    await stack.settle();

    const published = alerts(stack);
    expect(commandsOf(stack, version, 'canary')).toHaveLength(1);
    expect(commandsOf(stack, version, 'fleet')).toHaveLength(0);
    for (const instanceId of [CANARY, ...REST]) await expectInstanceUntouched(stack, instanceId);
    for (const instanceId of REST) expect(stack.fleet.argvLogs()[instanceId] ?? []).toEqual([]);
    expect(published).toHaveLength(1);
    expect(published[0]?.subject).toBe(`[${STACK_NAME}] Canary failed, rollout stopped: /whisperx/hf_token v${version}`);
    expect(published[0]?.message).toContain('The rollout stopped: the rest of the fleet was not touched and keeps its current token.');
    expect(published[0]?.message).toContain(`- ${CANARY}: rolled back, step health:`);
    expect(stack.aws.incidents.incidents().map((incident) => incident.title)).toEqual([
      `HF token rollout /whisperx/hf_token v${version}: canary failed, rollout stopped`,
    ]);
    expect(stack.aws.incidents.incidents()[0]?.responsePlanArn).toMatch(new RegExp(`response-plan/${RESPONSE_PLAN}$`));
    expect(stack.aws.ssm.opsItems()).toHaveLength(1);
    expect(await claimState(stack, version)).toBe('failed');
    await expectNothingLost(stack, version);
  });

  it('most of the fleet failing escalates', async () => {
    for (const instanceId of REST) stack.fleet.setFaults(instanceId, { healthFailsAfterRecreate: 1 });
    const alertsBefore = alerts(stack).length;
    const incidentsBefore = stack.aws.incidents.incidents().length;
    const opsItemsBefore = stack.aws.ssm.opsItems().length;

    const { version, token } = await stack.rotate();
    await stack.settle();

    const published = alerts(stack).slice(alertsBefore);
    const incidents = stack.aws.incidents.incidents().slice(incidentsBefore);
    expect(commandsOf(stack, version, 'canary')).toHaveLength(1);
    expect(commandsOf(stack, version, 'fleet')).toHaveLength(1);
    await expectInstanceOn(stack, CANARY, token);
    for (const instanceId of REST) await expectInstanceUntouched(stack, instanceId);
    expect(published).toHaveLength(1);
    expect(published[0]?.subject).toBe(`[${STACK_NAME}] 2 of 3 instances need attention after token rollout /whisperx/hf_token v${version}`);
    for (const instanceId of REST) expect(published[0]?.message).toContain(`- ${instanceId}: rolled back, step health:`);
    expect(published[0]?.message).toContain(`Instances that run the new token:\n${CANARY}`);
    expect(incidents.map((incident) => incident.title)).toEqual([
      `HF token rollout /whisperx/hf_token v${version}: 2 of 3 instances failed`,
    ]);
    expect(incidents[0]?.impact).toBe(2);
    expect(stack.aws.ssm.opsItems().length - opsItemsBefore).toBe(1);
    expect(await claimState(stack, version)).toBe('failed');
    await expectNothingLost(stack, version);
  });

  it('leaks no token', () => {
    expectNoLeaks(stack);
  });
});
