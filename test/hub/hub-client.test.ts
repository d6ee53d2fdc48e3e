import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHub, type LocalHub } from '../../local/hub/server.js';
import { HttpHubClient } from '../../shared/hub/hub-client.js';
import { fingerprintOf, generateTestToken } from '../helpers/token.js';

const SEGMENTATION = 'pyannote/segmentation-3.0';
const DIARIZATION = 'pyannote/speaker-diarization-3.1';

let hub: LocalHub;
let client: HttpHubClient;

beforeAll(async () => {
  hub = await startLocalHub();
  client = new HttpHubClient({ baseUrl: hub.url, timeoutMs: 300 });
});

afterEach(() => {
  hub.recover();
});

afterAll(async () => {
  await hub.close();
});

describe('HttpHubClient.whoami', () => {
  it.each(['read', 'write'] as const)('returns valid for a %s token', async (role) => {
    const token = generateTestToken();
    hub.register(token, { role, gatedAccess: true });

    const result = await client.whoami(token);

    expect(result).toEqual({ status: 'valid', account: 'whisperx-ops', role, expiresAt: null, canReadGatedRepos: null });
  });

  it('reports gated read of a fine-grained token', async () => {
    const token = generateTestToken();
    hub.register(token, { role: 'fineGrained', gatedAccess: true, canReadGatedRepos: false });

    const result = await client.whoami(token);

    expect(result).toMatchObject({ status: 'valid', role: 'fineGrained', canReadGatedRepos: false });
  });

  it('reads the expiry', async () => {
    const token = generateTestToken();
    const expiresAt = new Date('2027-01-31T00:00:00.000Z');
    hub.register(token, { role: 'read', gatedAccess: true, expiresAt });

    const result = await client.whoami(token);

    expect(result).toMatchObject({ status: 'valid', expiresAt });
  });

  it('returns invalid for an unknown token', async () => {
    const result = await client.whoami(generateTestToken());

    expect(result).toEqual({ status: 'invalid', httpStatus: 401, hubMessage: 'Invalid credentials in Authorization header' });
  });

  it('returns invalid after revocation', async () => {
    const token = generateTestToken();
    hub.register(token, { role: 'read', gatedAccess: true });
    hub.revoke(token);

    const result = await client.whoami(token);

    expect(result.status).toBe('invalid');
  });

  it('skips on a server error', async () => {
    const token = generateTestToken();
    hub.register(token, { role: 'read', gatedAccess: true });
    hub.fail(503);

    const result = await client.whoami(token);

    expect(result).toEqual({ status: 'skipped', reason: 'the Hub returned HTTP 503' });
  });

  it('skips on a timeout', async () => {
    const token = generateTestToken();
    hub.register(token, { role: 'read', gatedAccess: true });
    hub.hang();

    const result = await client.whoami(token);

    expect(result).toEqual({ status: 'skipped', reason: 'timed out after 300 ms' });
  });

  it('skips when nothing listens', async () => {
    const closed = await startLocalHub();
    const url = closed.url;
    await closed.close();
    const offline = new HttpHubClient({ baseUrl: url, timeoutMs: 300 });

    const result = await offline.whoami(generateTestToken());

    expect(result).toEqual({ status: 'skipped', reason: 'network error ECONNREFUSED' });
  });

  it('skips a body that is not JSON', async () => {
    const fakeFetch = (async () => new Response('<html>maintenance</html>', { status: 200 })) as typeof fetch;
    const odd = new HttpHubClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 300, fetch: fakeFetch });

    const result = await odd.whoami(generateTestToken());

    expect(result).toEqual({ status: 'skipped', reason: 'the Hub returned a body that is not JSON' });
  });

  it('sends the token only in the header', async () => {
    const token = generateTestToken();
    hub.register(token, { role: 'read', gatedAccess: true });
    const before = hub.requests().length;

    await client.whoami(token);
    await client.gatedAccess(token, SEGMENTATION);

    const requests = hub.requests().slice(before);
    expect(requests.map((request) => request.authorization)).toEqual([`Bearer ${fingerprintOf(token)}`, `Bearer ${fingerprintOf(token)}`]);
    expect(requests.some((request) => request.url.includes(token))).toBe(false);
  });

  it('keeps the token out of a fetch error', async () => {
    const token = generateTestToken();
    const leakyFetch = (async () => {
      throw new Error(`connect failed for Bearer ${token}`);
    }) as typeof fetch;
    const leaky = new HttpHubClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 300, fetch: leakyFetch });

    const result = await leaky.whoami(token);

    expect(result.status).toBe('skipped');
    expect(JSON.stringify(result)).not.toContain(token);
    expect(JSON.stringify(result)).toContain(fingerprintOf(token));
  });
});

describe('HttpHubClient.gatedAccess', () => {
  it('returns ok with accepted terms', async () => {
    const token = generateTestToken();
    hub.register(token, { role: 'read', gatedAccess: true });

    const result = await client.gatedAccess(token, DIARIZATION);

    expect(result).toEqual({ status: 'ok', repo: DIARIZATION });
  });

  it('returns denied 401 for an unknown token', async () => {
    const result = await client.gatedAccess(generateTestToken(), DIARIZATION);

    expect(result).toMatchObject({ status: 'denied', httpStatus: 401, errorCode: 'GatedRepo' });
    expect(result).toMatchObject({ hubMessage: expect.stringContaining('Please log in') });
  });

  it('returns denied 403 without accepted terms', async () => {
    const token = generateTestToken();
    hub.register(token, { role: 'read', gatedAccess: [DIARIZATION] });

    const result = await client.gatedAccess(token, SEGMENTATION);

    expect(result).toMatchObject({ status: 'denied', repo: SEGMENTATION, httpStatus: 403, errorCode: 'GatedRepo' });
    expect(result).toMatchObject({ hubMessage: expect.stringContaining('not in the authorized list') });
  });

  it('returns denied 403 for fine-grained without gated read', async () => {
    const token = generateTestToken();
    hub.register(token, { role: 'fineGrained', gatedAccess: true, canReadGatedRepos: false });

    const result = await client.gatedAccess(token, SEGMENTATION);

    expect(result).toMatchObject({ status: 'denied', httpStatus: 403 });
    expect(result).toMatchObject({ hubMessage: expect.stringContaining('fine-grained token settings') });
  });

  it('returns not_found for an unknown repository', async () => {
    const token = generateTestToken();
    hub.register(token, { role: 'read', gatedAccess: true });

    const result = await client.gatedAccess(token, 'pyannote/no-such-model');

    expect(result).toEqual({ status: 'not_found', repo: 'pyannote/no-such-model', hubMessage: 'Repository not found' });
  });

  it('treats a redirect as ok', async () => {
    const redirectFetch = (async () => new Response(null, { status: 302, headers: { location: 'https://cdn.example/file' } })) as typeof fetch;
    const redirecting = new HttpHubClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 300, fetch: redirectFetch });

    const result = await redirecting.gatedAccess(generateTestToken(), SEGMENTATION);

    expect(result).toEqual({ status: 'ok', repo: SEGMENTATION });
  });

  it('skips on a server error', async () => {
    const token = generateTestToken();
    hub.register(token, { role: 'read', gatedAccess: true });
    hub.fail(502);

    const result = await client.gatedAccess(token, SEGMENTATION);

    expect(result).toEqual({ status: 'skipped', repo: SEGMENTATION, reason: 'the Hub returned HTTP 502' });
  });

  it('skips on a timeout', async () => {
    const token = generateTestToken();
    hub.register(token, { role: 'read', gatedAccess: true });
    hub.hang();

    const result = await client.gatedAccess(token, SEGMENTATION);

    expect(result).toEqual({ status: 'skipped', repo: SEGMENTATION, reason: 'timed out after 300 ms' });
  });
});
