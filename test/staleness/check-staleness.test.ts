import { PublishCommand } from '@aws-sdk/client-sns';
import { DescribeInstanceInformationCommand, GetInventoryCommand, GetParameterCommand } from '@aws-sdk/client-ssm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHub, type LocalHub } from '../../local/hub/server.js';
import { checkStaleness } from '../../shared/staleness/check-staleness.js';
import { fingerprintOf, generateTestToken } from '../helpers/token.js';
import {
  claim,
  givenAccount,
  givenLookupSample,
  NOW,
  PARAMETER,
  publishedMessages,
  Recorders,
  savedState,
  sns,
  ssm,
  stalenessDeps,
  TOPIC_ARN,
  type AccountFixture,
  type VersionFixture,
} from './fixtures.js';

let hub: LocalHub;

beforeAll(async () => {
  hub = await startLocalHub();
});

afterEach(() => {
  hub.recover();
});

afterAll(async () => {
  await hub.close();
});

/** Two versions: 7 (previous, revoked on the Hub) and 8 (desired and deployed, valid with access). */
function healthyVersions(): { current: string; old: string; versions: VersionFixture[] } {
  const current = generateTestToken();
  const old = generateTestToken();
  hub.register(current, { role: 'read', gatedAccess: true });
  hub.register(old, { role: 'read', gatedAccess: true });
  hub.revoke(old);
  return {
    current,
    old,
    versions: [
      { version: 7, value: old, ageDays: 40, labels: ['previous'] },
      { version: 8, value: current, ageDays: 10, labels: ['desired', 'deployed'] },
    ],
  };
}

const ONLINE_CURRENT = [
  { id: 'i-0a1b2c3d4e5f60001', version: '8' },
  { id: 'i-0a1b2c3d4e5f60002', version: '8' },
];

async function run(fixture: AccountFixture, overrides: Parameters<typeof stalenessDeps>[2] = {}) {
  givenAccount(fixture);
  const recorders = new Recorders();
  const deps = stalenessDeps(hub.url, recorders, overrides);
  const result = await checkStaleness(deps);
  return { result, recorders, logger: deps.logger };
}

function kinds(result: Awaited<ReturnType<typeof checkStaleness>>): string[] {
  return result.findings.map((item) => item.id).sort();
}

describe('checkStaleness', () => {
  it('finds nothing on a healthy fleet', async () => {
    const { versions } = healthyVersions();

    const { result } = await run({ versions, instances: ONLINE_CURRENT });

    expect(result.findings).toEqual([]);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
    expect(savedState()).toEqual({ sent: {}, accessCheckedUntil: '2026-11-30T11:45:00.000Z' });
  });

  it('warns inside the age window', async () => {
    const { versions } = healthyVersions();
    (versions[1] as VersionFixture).ageDays = 80;

    const { result } = await run({ versions, instances: ONLINE_CURRENT });

    expect(result.findings).toEqual([{ id: `token_age|${PARAMETER}|age`, severity: 'warning', sent: true }]);
    expect(publishedMessages()[0]?.message).toContain('is 80 days old and reaches the maximum age in 10 days');
  });

  it('reports a newer version than desired', async () => {
    const { versions, current } = healthyVersions();
    const newer = generateTestToken();
    hub.register(newer, { role: 'read', gatedAccess: true });
    versions.push({ version: 9, value: newer, ageDays: 1 });

    const { result } = await run({ versions, instances: ONLINE_CURRENT });

    expect(kinds(result)).toEqual([`rollout_drift|${PARAMETER}|desired_not_latest`]);
    expect(current).not.toBe(newer);
  });

  it('reports desired not deployed', async () => {
    const { versions } = healthyVersions();
    (versions[0] as VersionFixture).labels = ['previous', 'deployed'];
    (versions[1] as VersionFixture).labels = ['desired'];

    const { result } = await run({ versions, instances: [{ id: 'i-0a1b2c3d4e5f60001', version: '8' }] });

    expect(kinds(result)).toEqual([`rollout_drift|${PARAMETER}|not_deployed`]);
  });

  it('accepts drift while the rollout runs', async () => {
    const { versions } = healthyVersions();
    (versions[0] as VersionFixture).labels = ['previous', 'deployed'];
    (versions[1] as VersionFixture).labels = ['desired'];

    const { result } = await run({
      versions,
      instances: [{ id: 'i-0a1b2c3d4e5f60001', version: '7' }],
      claims: [claim(8, 'canary_running', 10)],
    });

    expect(result.findings).toEqual([]);
  });

  it('re-drives a stuck claim', async () => {
    const { versions } = healthyVersions();

    const { result, recorders } = await run({ versions, instances: ONLINE_CURRENT, claims: [claim(8, 'claimed', 45), claim(6, 'completed', 9000)] });

    expect(recorders.redriven.map((record) => record.version)).toEqual([8]);
    expect(result.findings).toEqual([{ id: `rollout_stuck|${PARAMETER}|8`, severity: 'warning', sent: true }]);
  });

  it('leaves a young claim alone', async () => {
    const { versions } = healthyVersions();

    const { recorders } = await run({ versions, instances: ONLINE_CURRENT, claims: [claim(8, 'claimed', 5)] });

    expect(recorders.redriven).toEqual([]);
  });

  it('reports a failed re-drive as error', async () => {
    const { versions } = healthyVersions();
    givenAccount({ versions, instances: ONLINE_CURRENT, claims: [claim(8, 'claimed', 45)] });
    const recorders = new Recorders();
    recorders.redriveError = new Error('SendCommand throttled');

    const result = await checkStaleness(stalenessDeps(hub.url, recorders));

    expect(result.findings).toEqual([{ id: `rollout_stuck|${PARAMETER}|8`, severity: 'error', sent: true }]);
    expect(publishedMessages()[0]?.message).toContain('SendCommand throttled');
  });

  it('lists stale and offline instances', async () => {
    const { versions } = healthyVersions();

    const { result } = await run({
      versions,
      instances: [
        { id: 'i-0a1b2c3d4e5f60001', version: '8' },
        { id: 'i-0a1b2c3d4e5f60002', version: '7', status: 'rolled_back' },
        { id: 'i-0a1b2c3d4e5f60003', version: null },
        { id: 'i-0a1b2c3d4e5f60004', version: '7', pingStatus: 'ConnectionLost' },
        { id: 'i-0a1b2c3d4e5f60005', version: '8' },
      ],
    });

    expect(kinds(result)).toEqual([`instances_not_current|${PARAMETER}|not_current`, `instances_offline|${PARAMETER}|offline`]);
    const message = publishedMessages()[0]?.message ?? '';
    expect(message).toContain('- i-0a1b2c3d4e5f60002: reports version 7, status rolled_back');
    expect(message).toContain('- i-0a1b2c3d4e5f60003: no report yet');
    expect(message).toContain('- i-0a1b2c3d4e5f60004 (ConnectionLost)');
    expect(message).not.toContain('i-0a1b2c3d4e5f60005');
    expect(ssm).toHaveReceivedCommandTimes(DescribeInstanceInformationCommand, 3);
    expect(ssm).toHaveReceivedCommandWith(DescribeInstanceInformationCommand, { Filters: [{ Key: 'tag:HfTokenConsumer', Values: ['whisperx'] }] });
    expect(ssm).toHaveReceivedCommandWith(GetInventoryCommand, { ResultAttributes: [{ TypeName: 'Custom:HfTokenRotation' }] });
  });

  it('reminds to revoke the previous token', async () => {
    const { versions, old } = healthyVersions();
    hub.register(old, { role: 'read', gatedAccess: true });

    const { result } = await run({ versions, instances: ONLINE_CURRENT });

    expect(result.findings).toEqual([{ id: `previous_token_active|${PARAMETER}|7`, severity: 'warning', sent: true }]);
    expect(publishedMessages()[0]?.message).toContain(fingerprintOf(old));
    expect(ssm).toHaveReceivedCommandWith(GetParameterCommand, { Name: `${PARAMETER}:7`, WithDecryption: true });
  });

  it('escalates an invalid token', async () => {
    const { versions, current } = healthyVersions();
    hub.revoke(current);

    const { result, recorders } = await run({ versions, instances: ONLINE_CURRENT });

    expect(result.findings).toEqual([{ id: `token_invalid|${PARAMETER}|current`, severity: 'critical', sent: true }]);
    expect(recorders.escalated.map((item) => item.detail.kind)).toEqual(['token_invalid']);
    expect(publishedMessages()[0]?.subject).toBe('[hf-token-rotation-prod] Token checks: 1 finding, highest CRITICAL');
  });

  it('escalates missing gated access', async () => {
    const { versions, current } = healthyVersions();
    hub.register(current, { role: 'read', gatedAccess: ['pyannote/speaker-diarization-3.1'] });

    const { result, recorders } = await run({ versions, instances: ONLINE_CURRENT });

    expect(kinds(result)).toEqual([`gated_access_denied|${PARAMETER}|pyannote/segmentation-3.0`]);
    expect(recorders.escalated).toHaveLength(1);
    expect(publishedMessages()[0]?.message).toContain(`open ${hub.url}/pyannote/segmentation-3.0 and accept the model's terms`);
  });

  it('only logs a Hub outage', async () => {
    const { versions } = healthyVersions();
    hub.fail(503);

    const { result, logger } = await run({ versions, instances: ONLINE_CURRENT });

    expect(result.findings.every((item) => item.severity === 'info' && !item.sent)).toBe(true);
    expect(result.findings.map((item) => item.id)).toContain(`hub_unreachable|${PARAMETER}|whoami`);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
    expect(logger.messages()).toContain('check.finding');
  });

  it('keeps an invalid-token entry through an outage', async () => {
    const { versions } = healthyVersions();
    hub.fail(503);
    const state = JSON.stringify({ sent: { [`token_invalid|${PARAMETER}|current`]: { severity: 'critical', sentAt: '2026-11-30T06:00:00.000Z' } }, accessCheckedUntil: null });

    await run({ versions, instances: ONLINE_CURRENT, state });

    expect(savedState()?.sent).toEqual({ [`token_invalid|${PARAMETER}|current`]: { severity: 'critical', sentAt: '2026-11-30T06:00:00.000Z' } });
  });

  it('escalates an unconfirmed topic', async () => {
    const { versions } = healthyVersions();

    const { result, recorders, logger } = await run({ versions, instances: ONLINE_CURRENT, subscriptions: ['PendingConfirmation'] });

    expect(result.findings).toEqual([{ id: `alert_topic_unconfirmed|${TOPIC_ARN}|subscriptions`, severity: 'error', sent: true }]);
    expect(recorders.escalated.map((item) => item.detail.kind)).toEqual(['alert_topic_unconfirmed']);
    expect(logger.entries.some((entry) => entry.level === 'error' && entry.message === 'check.finding')).toBe(true);
  });

  it('records a failed check and runs the rest', async () => {
    const { versions } = healthyVersions();
    givenAccount({ versions, instances: ONLINE_CURRENT });
    ssm.on(DescribeInstanceInformationCommand).rejects(Object.assign(new Error('User is not authorized to perform: ssm:DescribeInstanceInformation'), { name: 'AccessDeniedException' }));
    const recorders = new Recorders();

    const result = await checkStaleness(stalenessDeps(hub.url, recorders));

    expect(result.findings).toEqual([{ id: `check_failed|${PARAMETER}|coverage`, severity: 'warning', sent: true }]);
    expect(publishedMessages()[0]?.message).toContain('AccessDeniedException');
  });
});

describe('checkStaleness deduplication', () => {
  it('does not resend within the interval', async () => {
    const { versions } = healthyVersions();
    (versions[1] as VersionFixture).ageDays = 80;
    await run({ versions, instances: ONLINE_CURRENT });
    const state = JSON.stringify(savedState());

    const { result } = await run({ versions, instances: ONLINE_CURRENT, state });

    expect(result).toMatchObject({ sent: 0, suppressed: 1 });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('resends when severity rises', async () => {
    const { versions } = healthyVersions();
    (versions[1] as VersionFixture).ageDays = 95;
    const state = JSON.stringify({ sent: { [`token_age|${PARAMETER}|age`]: { severity: 'warning', sentAt: '2026-11-30T06:00:00.000Z' } }, accessCheckedUntil: null });

    const { result } = await run({ versions, instances: ONLINE_CURRENT, state });

    expect(result.findings).toEqual([{ id: `token_age|${PARAMETER}|age`, severity: 'error', sent: true }]);
  });

  it('resends after the interval', async () => {
    const { versions } = healthyVersions();
    (versions[1] as VersionFixture).ageDays = 80;
    const state = JSON.stringify({ sent: { [`token_age|${PARAMETER}|age`]: { severity: 'warning', sentAt: '2026-11-29T11:59:59.000Z' } }, accessCheckedUntil: null });

    const { result } = await run({ versions, instances: ONLINE_CURRENT, state });

    expect(result.sent).toBe(1);
  });

  it('forgets a resolved finding', async () => {
    const { versions } = healthyVersions();
    const state = JSON.stringify({ sent: { [`token_age|${PARAMETER}|age`]: { severity: 'warning', sentAt: '2026-11-30T06:00:00.000Z' } }, accessCheckedUntil: null });

    await run({ versions, instances: ONLINE_CURRENT, state });

    expect(savedState()?.sent).toEqual({});
  });

  it('keeps unsent findings when publishing fails', async () => {
    const { versions } = healthyVersions();
    (versions[1] as VersionFixture).ageDays = 80;
    givenAccount({ versions, instances: ONLINE_CURRENT });
    sns.on(PublishCommand).rejects(Object.assign(new Error('Topic does not exist'), { name: 'NotFoundException' }));

    const call = checkStaleness(stalenessDeps(hub.url, new Recorders()));

    await expect(call).rejects.toThrow('Topic does not exist');
    expect(savedState()).toEqual({ sent: {}, accessCheckedUntil: null });
  });
});

describe('checkStaleness access check', () => {
  it('alerts on reads by unknown principals', async () => {
    const { versions } = healthyVersions();
    givenAccount({ versions, instances: ONLINE_CURRENT, state: JSON.stringify({ sent: {}, accessCheckedUntil: '2026-11-30T06:00:00.000Z' }) });
    givenLookupSample('cloudtrail-lookup-events-get-parameter');
    givenLookupSample('cloudtrail-lookup-events-get-parameters');

    const result = await checkStaleness(stalenessDeps(hub.url, new Recorders()));

    expect(kinds(result)).toEqual([
      `parameter_read_by_unknown_principal|${PARAMETER}|9c2e5b8a-4f1d-4a7c-9e3b-6d2a8f5c1e90`,
      `parameter_read_by_unknown_principal|${PARAMETER}|b3c9e2a1-7d4f-4c2b-8e6a-1f5d9c3b7a21`,
      `parameter_read_by_unknown_principal|${PARAMETER}|e1d4b7a2-8c5f-4b9e-a2d6-5c8f1a3e7b92`,
    ]);
    const message = publishedMessages()[0]?.message ?? '';
    expect(message).toContain('GetParameter by arn:aws:iam::123456789012:user/contractor-laptop from 203.0.113.24 at 2026-11-30T09:41:07.000Z');
    expect(message).toContain('GetParameter by arn:aws:iam::123456789012:user/intern from 198.51.100.77 at 2026-11-30T09:12:55.000Z, denied by AWS (AccessDenied)');
    expect(message).toContain('GetParameters by arn:aws:sts::123456789012:assumed-role/ci-deploy/gha-deploy-4711 from 192.0.2.151');
    expect(savedState()?.accessCheckedUntil).toBe('2026-11-30T11:45:00.000Z');
  });

  it('looks up from the stored window end', async () => {
    const { versions } = healthyVersions();

    await run({ versions, instances: ONLINE_CURRENT, state: JSON.stringify({ sent: {}, accessCheckedUntil: '2026-11-30T06:00:00.000Z' }) });

    const { cloudtrail } = await import('./fixtures.js');
    const inputs = cloudtrail.calls().map((call) => call.args[0].input as { StartTime?: Date; EndTime?: Date });
    expect(inputs).toHaveLength(4);
    expect(inputs.every((input) => input.StartTime?.toISOString() === '2026-11-30T06:00:01.000Z')).toBe(true);
    expect(inputs.every((input) => input.EndTime?.toISOString() === '2026-11-30T11:45:00.000Z')).toBe(true);
  });

  it('skips CloudTrail without an allow-list', async () => {
    const { versions } = healthyVersions();

    const { result } = await run({ versions, instances: ONLINE_CURRENT }, { accessAllowedPrincipals: [] });

    const { cloudtrail } = await import('./fixtures.js');
    expect(cloudtrail.calls()).toHaveLength(0);
    expect(result.accessCheckedUntil).toBeNull();
  });
});

describe('checkStaleness leak scan', () => {
  it('keeps every token out of output', async () => {
    const { versions, current, old } = healthyVersions();
    hub.register(old, { role: 'read', gatedAccess: true });
    hub.register(current, { role: 'fineGrained', gatedAccess: true, canReadGatedRepos: false });
    (versions[1] as VersionFixture).ageDays = 95;
    givenAccount({ versions, instances: [...ONLINE_CURRENT, { id: 'i-0a1b2c3d4e5f60009', version: '7' }], subscriptions: ['PendingConfirmation'] });
    givenLookupSample('cloudtrail-lookup-events-get-parameter');
    const recorders = new Recorders();
    const deps = stalenessDeps(hub.url, recorders);

    const result = await checkStaleness(deps);

    const captured = {
      logs: deps.logger.text(),
      alerts: JSON.stringify(publishedMessages()),
      state: JSON.stringify(savedState()),
      escalations: JSON.stringify(recorders.escalated),
      result: JSON.stringify(result),
      hubRequests: JSON.stringify(hub.requests()),
    };
    expect(result.sent).toBeGreaterThan(4);
    for (const [where, text] of Object.entries(captured)) {
      expect(text.includes(current), `current token in ${where}`).toBe(false);
      expect(text.includes(old), `old token in ${where}`).toBe(false);
    }
    expect(captured.alerts).toContain(fingerprintOf(old));
  });
});

describe('checkStaleness clock', () => {
  it('measures age from the injected clock', async () => {
    const { versions } = healthyVersions();
    givenAccount({ versions, instances: ONLINE_CURRENT });
    const deps = stalenessDeps(hub.url, new Recorders());
    deps.clock = () => new Date(NOW.getTime() + 70 * 86_400_000);

    const result = await checkStaleness(deps);

    expect(result.findings.map((item) => item.id)).toContain(`token_age|${PARAMETER}|age`);
  });
});
