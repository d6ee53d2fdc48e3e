import { ListCommandInvocationsCommand, ListCommandsCommand, SSMClient, type Command } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { RolloutStore } from '../../shared/aws/rollout-store.js';
import type { RolloutRecord } from '../../shared/rollout/rollout-record.js';
import { followRollout, type FollowEvent } from '../../cli/rollout/follow.js';

const ssmMock = mockClient(SSMClient);
const TARGET = { parameter: '/whisperx/hf_token', version: 5, documentName: 'hf-token-rotation-prod-RefreshToken', since: new Date('2026-12-01T10:00:00Z') };
const TIMING = { intervalMs: 2000, startTimeoutMs: 120_000, timeoutMs: 3_600_000 };
const RESULT = (status: string, version: string) =>
  `HF_TOKEN_ROTATION_RESULT {"status":"${status}","version":"${version}","previousVersion":"4","fingerprint":"sha256:0123456789ab","parameter":"/whisperx/hf_token"}`;

afterEach(() => {
  ssmMock.reset();
});

/** Returns a clock that moves forward only when the follower sleeps. */
function fakeTime() {
  let now = TARGET.since.getTime();
  return { now: () => new Date(now), sleep: async (ms: number) => void (now += ms) };
}

function store(record: RolloutRecord | null = null): RolloutStore {
  return {
    claim: async () => true,
    claimCommandEnd: async () => true,
    get: async () => record,
    save: async () => {},
    release: async () => {},
    list: async () => [],
  };
}

/** Returns the claim of version 5 in a final state, as the stack saves it. */
function finalClaim(fields: Pick<RolloutRecord, 'state'> & Partial<RolloutRecord>): RolloutRecord {
  return {
    parameter: TARGET.parameter,
    version: 5,
    rollback: false,
    trigger: 'event',
    claimedAt: TARGET.since.toISOString(),
    updatedAt: TARGET.since.toISOString(),
    ...fields,
  };
}

describe('followRollout', () => {
  it('gives up when no rollout starts', async () => {
    ssmMock.on(ListCommandsCommand).resolves({ Commands: [] });
    const time = fakeTime();

    const result = await followRollout(TARGET, TIMING, { ssm: new SSMClient({}), store: store(), ...time, onEvent: () => {} });

    expect(result.outcome).toBe('not_started');
    expect(time.now().getTime() - TARGET.since.getTime()).toBe(120_000);
  });

  it('succeeds without a claim once the command ends', async () => {
    const command: Command = { CommandId: 'c-1', Status: 'Success', TargetCount: 1, Parameters: { tokenParameter: [TARGET.parameter], tokenVersion: ['5'] } };
    ssmMock.on(ListCommandsCommand).resolves({ Commands: [command] });
    ssmMock.on(ListCommandInvocationsCommand).resolves({
      CommandInvocations: [{ InstanceId: 'i-0a1b2c3d4e5f60001', Status: 'Success', CommandPlugins: [{ Output: RESULT('applied', '5'), ResponseCode: 0 }] }],
    });

    const result = await followRollout(TARGET, TIMING, { ssm: new SSMClient({}), store: store(), ...fakeTime(), onEvent: () => {} });

    expect(result).toMatchObject({ outcome: 'succeeded', done: 1, total: 1, failed: 0 });
  });

  it('reports a failed instance once', async () => {
    const command: Command = { CommandId: 'c-1', Status: 'Failed', TargetCount: 1, Parameters: { tokenParameter: [TARGET.parameter], tokenVersion: ['5'] } };
    ssmMock.on(ListCommandsCommand).resolves({ Commands: [command] });
    ssmMock.on(ListCommandInvocationsCommand).resolves({
      CommandInvocations: [{ InstanceId: 'i-0a1b2c3d4e5f60001', Status: 'Failed', CommandPlugins: [{ Output: RESULT('rolled_back', '5'), ResponseCode: 1 }] }],
    });
    const events: FollowEvent[] = [];

    const result = await followRollout(TARGET, TIMING, { ssm: new SSMClient({}), store: store(), ...fakeTime(), onEvent: (event) => events.push(event) });

    expect(result.outcome).toBe('failed');
    expect(events.filter((event) => event.kind === 'failure')).toHaveLength(1);
  });

  it('ends with the claim state', async () => {
    ssmMock.on(ListCommandsCommand).resolves({ Commands: [] });
    const claim = finalClaim({ state: 'blocked', reason: 'the Hub rejected the token' });

    const result = await followRollout(TARGET, TIMING, { ssm: new SSMClient({}), store: store(claim), ...fakeTime(), onEvent: () => {} });

    expect(result).toMatchObject({ outcome: 'failed', state: 'blocked', reason: 'the Hub rejected the token' });
  });

  it('passes the stop cause on', async () => {
    ssmMock.on(ListCommandsCommand).resolves({ Commands: [] });
    const claim = finalClaim({
      state: 'failed',
      reason: 'failed or rolled back on 2 of 5 instances',
      cause: { kind: 'instances_failed', failed: 2, total: 5 },
    });

    const result = await followRollout(TARGET, TIMING, { ssm: new SSMClient({}), store: store(claim), ...fakeTime(), onEvent: () => {} });

    expect(result.cause).toEqual({ kind: 'instances_failed', failed: 2, total: 5 });
  });
});
