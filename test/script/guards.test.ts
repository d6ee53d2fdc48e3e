// refresh-token.sh failures before the .env is touched: inputs, tools, fetch errors, values the
// .env cannot hold and the version guard. In every case the .env stays byte for byte and nothing
// is recreated.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprintOf, generateTestToken } from '../helpers/token.js';
import { expectNoLeak, expectResultContract } from './expectations.js';
import { createSandbox, TOKEN_PARAMETER, type Sandbox, type ScriptRun } from './sandbox.js';
import { createToolDir } from './tool-dir.js';

describe('refresh-token.sh guards', () => {
  let sandbox: Sandbox;
  let envBefore: Buffer;

  beforeEach(async () => {
    sandbox = await createSandbox();
    envBefore = fs.readFileSync(sandbox.layout.envFile);
  });

  afterEach(async () => {
    await sandbox.close();
  });

  function expectFailedBeforeRewrite(run: ScriptRun, step: string): void {
    expectResultContract(run);
    expect(run.result?.status).toBe('failed');
    expect(run.result?.step).toBe(step);
    expect(fs.readFileSync(sandbox.layout.envFile).equals(envBefore)).toBe(true);
    expect(sandbox.recreateCount()).toBe(0);
  }

  it('older version is refused', async () => {
    sandbox.ssm.putVersion(TOKEN_PARAMETER, generateTestToken());
    sandbox.ssm.putVersion(TOKEN_PARAMETER, generateTestToken());
    await sandbox.run({ TOKEN_VERSION: '2' });
    envBefore = fs.readFileSync(sandbox.layout.envFile);

    const run = await sandbox.run({ TOKEN_VERSION: '1' });

    expectResultContract(run);
    expect(run.result?.status).toBe('failed');
    expect(run.result?.step).toBe('version_guard');
    expect(run.result?.message).toContain('rollback=true');
    expect(run.result?.previousVersion).toBe('2');
    expect(fs.readFileSync(sandbox.layout.envFile).equals(envBefore)).toBe(true);
    expect(sandbox.recreateCount()).toBe(1);
  });

  it('older version applies with ROLLBACK=true', async () => {
    const first = generateTestToken();
    sandbox.ssm.putVersion(TOKEN_PARAMETER, first);
    sandbox.ssm.putVersion(TOKEN_PARAMETER, generateTestToken());
    await sandbox.run({ TOKEN_VERSION: '2' });

    const run = await sandbox.run({ TOKEN_VERSION: '1', ROLLBACK: 'true' });

    expectResultContract(run);
    expect(run.result?.status).toBe('applied');
    expect(run.result?.version).toBe('1');
    expect(run.result?.previousVersion).toBe('2');
    expect(await sandbox.runningFingerprint()).toBe(fingerprintOf(first));
  });

  it('desired label may point to an older version', async () => {
    const first = generateTestToken();
    sandbox.ssm.putVersion(TOKEN_PARAMETER, first);
    sandbox.ssm.putVersion(TOKEN_PARAMETER, generateTestToken());
    await sandbox.run({ TOKEN_VERSION: '2' });
    sandbox.ssm.label(TOKEN_PARAMETER, 1, 'desired');

    const run = await sandbox.run({ TOKEN_VERSION: 'desired' });

    expect(run.result?.status).toBe('applied');
    expect(run.result?.version).toBe('1');
    expect(await sandbox.runningFingerprint()).toBe(fingerprintOf(first));
  });

  it('missing version fails fetch', async () => {
    sandbox.ssm.putVersion(TOKEN_PARAMETER, generateTestToken());

    const run = await sandbox.run({ TOKEN_VERSION: '9' });

    expectFailedBeforeRewrite(run, 'fetch');
    expect(run.result?.message).toMatch(/^ParameterVersionNotFound: /);
    expect(run.result?.version).toBeNull();
    expect(run.stderr).toContain('An error occurred (ParameterVersionNotFound) when calling the GetParameter operation');
  });

  it('missing parameter fails fetch', async () => {
    const run = await sandbox.run({ TOKEN_VERSION: '1' });

    expectFailedBeforeRewrite(run, 'fetch');
    expect(run.result?.message).toMatch(/^ParameterNotFound: /);
  });

  it('access denied fails fetch', async () => {
    sandbox.ssm.putVersion(TOKEN_PARAMETER, generateTestToken());
    sandbox.ssm.denyAll = true;

    const run = await sandbox.run({ TOKEN_VERSION: '1' });

    expectFailedBeforeRewrite(run, 'fetch');
    expect(run.result?.message).toMatch(/^AccessDeniedException: /);
  });

  it('missing credentials fail fetch', async () => {
    sandbox.ssm.putVersion(TOKEN_PARAMETER, generateTestToken());

    const run = await sandbox.run({ TOKEN_VERSION: '1', AWS_ACCESS_KEY_ID: '' });

    expectFailedBeforeRewrite(run, 'fetch');
    expect(run.result?.message).toMatch(/^NoCredentialsError: /);
    expect(run.result?.message).toContain('exit status 253');
  });

  it('unreachable endpoint fails fetch', async () => {
    await sandbox.ssm.close();

    const run = await sandbox.run({ TOKEN_VERSION: '1' });

    expectFailedBeforeRewrite(run, 'fetch');
    expect(run.result?.message).toMatch(/^EndpointConnectionError: /);
  });

  it('missing tool fails tools', async () => {
    const toolDir = createToolDir(path.join(sandbox.root, 'tools'), { omit: ['curl'] });

    const run = await sandbox.run({ TOKEN_VERSION: '1' }, { path: toolDir });

    expectFailedBeforeRewrite(run, 'tools');
    expect(run.result?.message).toContain(' curl;');
    expect(sandbox.ssm.requests).toEqual([]);
  });

  it('missing compose fails tools', async () => {
    const toolDir = createToolDir(path.join(sandbox.root, 'tools'), { omit: ['docker', 'docker-compose'] });

    const run = await sandbox.run({ TOKEN_VERSION: '1' }, { path: toolDir });

    expectFailedBeforeRewrite(run, 'tools');
    expect(run.result?.message).toContain("neither 'docker compose' nor 'docker-compose' works");
  });

  it.each([
    ['TOKEN_PARAMETER', { TOKEN_PARAMETER: '', TOKEN_VERSION: '1' }],
    ['TOKEN_PARAMETER', { TOKEN_PARAMETER: 'bad name', TOKEN_VERSION: '1' }],
    ['TOKEN_VERSION', { TOKEN_VERSION: '' }],
    ['TOKEN_VERSION', { TOKEN_VERSION: '01' }],
    ['TOKEN_VERSION', { TOKEN_VERSION: 'latest' }],
    ['COMPOSE_PROJECT_DIR', { TOKEN_VERSION: '1', COMPOSE_PROJECT_DIR: 'relative/dir' }],
    ['ENV_FILE', { TOKEN_VERSION: '1', ENV_FILE: '/tmp/../etc/.env' }],
    ['ENV_KEY', { TOKEN_VERSION: '1', ENV_KEY: '1ABC' }],
    ['ENV_KEY', { TOKEN_VERSION: '1', ENV_KEY: 'PATH' }],
    ['COMPOSE_SERVICE', { TOKEN_VERSION: '1', COMPOSE_SERVICE: 'bad;name' }],
    ['HEALTH_URL', { TOKEN_VERSION: '1', HEALTH_URL: 'http://example.com/health' }],
    ['HEALTH_URL', { TOKEN_VERSION: '1', HEALTH_URL: 'http://localhost.example.com/health' }],
    ['HEALTH_TIMEOUT_SECONDS', { TOKEN_VERSION: '1', HEALTH_TIMEOUT_SECONDS: '0' }],
    ['STOP_TIMEOUT_SECONDS', { TOKEN_VERSION: '1', STOP_TIMEOUT_SECONDS: '-1' }],
    ['ROLLBACK', { TOKEN_VERSION: '1', ROLLBACK: 'yes' }],
  ])('invalid %s fails input', async (name, inputs) => {
    const run = await sandbox.run(inputs);

    expectFailedBeforeRewrite(run, 'input');
    expect(run.result?.message).toContain(name);
    expect(sandbox.argvLog()).toEqual([]);
  });

  it.each([
    ['a line break', 'hf_firstline\nsecondline'],
    ['a line break', 'hf_carriage\rreturn'],
    ['a single quote', "hf_it's"],
    ['a control character', 'hf_tab\there'],
    ['a control character', 'hf_nul\u0000byte'],
    ['a backslash', 'hf_trailing\\'],
  ])('value with %s fails validate', async (reason, value) => {
    sandbox.ssm.putVersion(TOKEN_PARAMETER, value);

    const run = await sandbox.run({ TOKEN_VERSION: '1' });

    expectFailedBeforeRewrite(run, 'validate');
    expect(run.result?.message).toContain(reason);
    expect(run.result?.version).toBe('1');
  });

  it('empty value fails validate', async () => {
    sandbox.ssm.putVersion(TOKEN_PARAMETER, '');

    const run = await sandbox.run({ TOKEN_VERSION: '1' });

    expectFailedBeforeRewrite(run, 'validate');
    expect(run.result?.message).toContain('is empty');
  });

  it('failures leak no token', async () => {
    const token = generateTestToken();
    sandbox.ssm.putVersion(TOKEN_PARAMETER, token);
    sandbox.ssm.putVersion(TOKEN_PARAMETER, generateTestToken());
    const applied = await sandbox.run({ TOKEN_VERSION: '2' });

    const refused = await sandbox.run({ TOKEN_VERSION: '1' });

    expect(refused.result?.step).toBe('version_guard');
    expectNoLeak(sandbox, token, [applied, refused]);
  });
});
