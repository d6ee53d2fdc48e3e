import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHub, type LocalHub } from '../../local/hub/server.js';
import { HttpHubClient } from '../../shared/hub/hub-client.js';
import { preflightCheck, type PreflightDeps } from '../../shared/hub/preflight.js';
import { fingerprintOf, generateTestToken } from '../helpers/token.js';
import { RecordingLogger } from '../staleness/recorder.js';

const REPOS = ['pyannote/speaker-diarization-3.1', 'pyannote/segmentation-3.0'];

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

function deps(overrides: Partial<PreflightDeps['config']> = {}, language: 'en' | 'de' = 'en'): PreflightDeps & { logger: RecordingLogger } {
  return {
    hub: new HttpHubClient({ baseUrl: hub.url, timeoutMs: 300 }),
    config: { preflightEnabled: true, preflightBlockOnHubOutage: false, hubGatedRepos: REPOS, hubBaseUrl: hub.url, ...overrides },
    language,
    logger: new RecordingLogger(),
  };
}

function registered(registration: Parameters<LocalHub['register']>[1]): string {
  const token = generateTestToken();
  hub.register(token, registration);
  return token;
}

describe('preflightCheck', () => {
  it('passes a valid token with access', async () => {
    const token = registered({ role: 'read', gatedAccess: true });

    const result = await preflightCheck(token, deps());

    expect(result).toEqual({ verdict: 'pass', fingerprint: fingerprintOf(token), findings: [] });
  });

  it('blocks a revoked token', async () => {
    const token = registered({ role: 'write', gatedAccess: true });
    hub.revoke(token);

    const result = await preflightCheck(token, deps());

    expect(result.verdict).toBe('block');
    expect(result.findings.map((item) => item.code)).toEqual(['token_invalid']);
  });

  it('blocks missing terms with the fix', async () => {
    const token = registered({ role: 'read', gatedAccess: [REPOS[0] as string] });

    const result = await preflightCheck(token, deps());

    expect(result.verdict).toBe('block');
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ code: 'gated_denied', repo: 'pyannote/segmentation-3.0', httpStatus: 403, gatedReadDisabled: false });
    expect(result.findings[0]?.message).toContain(`${hub.url}/pyannote/segmentation-3.0`);
  });

  it('names the fine-grained switch', async () => {
    const token = registered({ role: 'fineGrained', gatedAccess: true, canReadGatedRepos: false });

    const result = await preflightCheck(token, deps());

    expect(result.verdict).toBe('block');
    expect(result.findings.every((item) => item.code === 'gated_denied' && item.gatedReadDisabled)).toBe(true);
    expect(result.findings[0]?.message).toContain('Read access to contents of all public gated repos you can access');
  });

  it('blocks a token with a line break', async () => {
    const token = `${registered({ role: 'read', gatedAccess: true })}\n`;

    const result = await preflightCheck(token, deps());

    expect(result.verdict).toBe('block');
    expect(result.findings).toMatchObject([{ code: 'token_malformed', problem: 'whitespace' }]);
  });

  it('skips during a Hub outage', async () => {
    const token = registered({ role: 'read', gatedAccess: true });
    hub.fail(503);

    const result = await preflightCheck(token, deps());

    expect(result.verdict).toBe('skipped');
    expect(result.findings.map((item) => item.code)).toEqual(['hub_unreachable']);
  });

  it('blocks an outage when configured', async () => {
    const token = registered({ role: 'read', gatedAccess: true });
    hub.hang();

    const result = await preflightCheck(token, deps({ preflightBlockOnHubOutage: true }));

    expect(result.verdict).toBe('block');
    expect(result.findings[0]?.message).toContain('timed out after 300 ms');
  });

  it('skips without calling the Hub when disabled', async () => {
    const token = registered({ role: 'read', gatedAccess: true });
    const before = hub.requests().length;

    const result = await preflightCheck(token, deps({ preflightEnabled: false }));

    expect(result.verdict).toBe('skipped');
    expect(hub.requests().length).toBe(before);
  });

  it('writes German messages', async () => {
    const token = registered({ role: 'read', gatedAccess: false });

    const result = await preflightCheck(token, deps({}, 'de'));

    expect(result.findings[0]?.message).toContain('Nutzungsbedingungen');
  });

  it('keeps the token out of logs and findings', async () => {
    const token = registered({ role: 'fineGrained', gatedAccess: false });
    const run = deps();

    const result = await preflightCheck(token, run);

    expect(JSON.stringify(result)).not.toContain(token);
    expect(run.logger.text()).not.toContain(token);
    expect(run.logger.text()).toContain(fingerprintOf(token));
  });
});
