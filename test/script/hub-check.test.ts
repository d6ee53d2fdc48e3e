// The optional Hub check (HUB_CHECK_URL). Before the .env changes, the script calls the Hub's
// whoami-v2 with the new token, which reaches curl through its stdin and never its argv. A token
// the Hub rejects (401) fails the run with nothing changed. A Hub that cannot be reached, or that
// returns another error, is a warning. The Hub here is the local stand-in on 127.0.0.1.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildRefreshDocument } from '../../documents/refresh-token-document.cjs';
import { startLocalHub, type LocalHub } from '../../local/hub/server.js';
import { fingerprintOf, generateTestToken } from '../helpers/token.js';
import { expectNoLeak, expectResultContract, inventoryReports } from './expectations.js';
import { createSandbox, TOKEN_PARAMETER, type Sandbox } from './sandbox.js';
import { createToolDir } from './tool-dir.js';

describe('refresh-token.sh Hub check', () => {
  let hub: LocalHub;
  let sandbox: Sandbox;
  let token: string;
  let envBefore: Buffer;
  let spyLog: string;
  let toolDir: string;

  beforeAll(async () => {
    hub = await startLocalHub();
  });

  afterAll(async () => {
    await hub.close();
  });

  beforeEach(async () => {
    sandbox = await createSandbox();
    token = generateTestToken();
    sandbox.ssm.putVersion(TOKEN_PARAMETER, token);
    envBefore = fs.readFileSync(sandbox.layout.envFile);
    spyLog = path.join(sandbox.root, 'argv-spy.log');
    toolDir = createToolDir(path.join(sandbox.root, 'tools'), { argvSpyLog: spyLog });
  });

  afterEach(async () => {
    hub.recover();
    await sandbox.close();
  });

  function curlCalls(): string[] {
    return fs.readFileSync(spyLog, 'utf8').split('\n').filter((line) => line.startsWith('curl '));
  }

  it('valid token is applied', async () => {
    hub.register(token, { role: 'read', gatedAccess: true });

    const run = await sandbox.run({ TOKEN_VERSION: '1', HUB_CHECK_URL: hub.url }, { path: toolDir });

    expectResultContract(run);
    expect(run.result?.status, run.stderr).toBe('applied');
    expect(run.result?.message).toBeUndefined();
    expect(hub.requests().filter((request) => request.url === '/api/whoami-v2')).toEqual([
      { method: 'GET', url: '/api/whoami-v2', authorization: `Bearer ${fingerprintOf(token)}` },
    ]);
  });

  it('token never reaches argv', async () => {
    hub.register(token, { role: 'read', gatedAccess: true });

    const run = await sandbox.run({ TOKEN_VERSION: '1', HUB_CHECK_URL: hub.url }, { path: toolDir });

    expect(curlCalls().some((call) => call.includes('/api/whoami-v2') && call.includes('-H @-'))).toBe(true);
    expect(curlCalls().filter((call) => call.includes(token) || call.includes('Bearer'))).toEqual([]);
    expectNoLeak(sandbox, token, [run]);
  });

  it('401 fails hub_check', async () => {
    hub.register(token, { role: 'read', gatedAccess: true });
    hub.revoke(token);

    const run = await sandbox.run({ TOKEN_VERSION: '1', HUB_CHECK_URL: hub.url }, { path: toolDir });

    expectResultContract(run);
    expect(run.result?.status).toBe('failed');
    expect(run.result?.step).toBe('hub_check');
    expect(run.result?.message).toContain('HTTP 401');
    expect(fs.readFileSync(sandbox.layout.envFile).equals(envBefore)).toBe(true);
    expect(sandbox.recreateCount()).toBe(0);
    expect(fs.existsSync(sandbox.backupPath)).toBe(false);
    expect(inventoryReports(sandbox).map((entry) => entry.Status)).toEqual(['failed']);
    expectNoLeak(sandbox, token, [run]);
  });

  it('unreachable Hub is a warning', async () => {
    const closedPort = 'http://127.0.0.1:9';

    const run = await sandbox.run({ TOKEN_VERSION: '1', HUB_CHECK_URL: closedPort }, { path: toolDir });

    expectResultContract(run);
    expect(run.result?.status).toBe('applied');
    expect(run.result?.message).toContain('the Hub check could not reach http://127.0.0.1:9/api/whoami-v2');
    expect(await sandbox.runningFingerprint()).toBe(fingerprintOf(token));
  });

  it('Hub server error is a warning', async () => {
    hub.fail(503);

    const run = await sandbox.run({ TOKEN_VERSION: '1', HUB_CHECK_URL: hub.url }, { path: toolDir });

    expectResultContract(run);
    expect(run.result?.status).toBe('applied');
    expect(run.result?.message).toContain('the Hub check got HTTP 503');
  });

  it('unchanged run skips the check', async () => {
    hub.register(token, { role: 'read', gatedAccess: true });
    await sandbox.run({ TOKEN_VERSION: '1', HUB_CHECK_URL: hub.url }, { path: toolDir });
    const requestsBefore = hub.requests().length;

    const run = await sandbox.run({ TOKEN_VERSION: '1', HUB_CHECK_URL: hub.url }, { path: toolDir });

    expect(run.result?.status).toBe('unchanged');
    expect(hub.requests()).toHaveLength(requestsBefore);
  });

  it.each(['https://hub.example.com', 'https://huggingface.co/', 'http://127.0.0.1:8080/api', 'http://localhost.example.com'])(
    'other host %s fails input',
    async (url) => {
      const run = await sandbox.run({ TOKEN_VERSION: '1', HUB_CHECK_URL: url });

      expectResultContract(run);
      expect(run.result?.step).toBe('input');
      expect(run.result?.message).toContain('HUB_CHECK_URL');
      expect(sandbox.ssm.requests).toEqual([]);
    },
  );
});

describe('hubCheckUrl document parameter', () => {
  const pattern = new RegExp(buildRefreshDocument().parameters.hubCheckUrl!.allowedPattern!);

  it.each(['', 'https://huggingface.co', 'http://127.0.0.1:8080', 'http://localhost'])('pattern accepts %j', (url) => {
    expect(pattern.test(url)).toBe(true);
  });

  it.each(['https://hub.example.com', 'https://huggingface.co/', 'http://127.0.0.1:8080/api', 'https://huggingface.co.example.com'])(
    'pattern rejects %s',
    (url) => {
      expect(pattern.test(url)).toBe(false);
    },
  );

  it('defaults to no check', () => {
    expect(buildRefreshDocument().parameters.hubCheckUrl!.default).toBe('');
  });
});
