// refresh-token.sh on the happy paths: apply, no-op and repair, run for real under dash with the
// fleet's stand-in docker and aws commands.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDotenv } from '../../local/fleet/dotenv.mjs';
import { fingerprintOf, generateTestToken } from '../helpers/token.js';
import { expectNoLeak, expectResultContract } from './expectations.js';
import { createSandbox, TOKEN_PARAMETER, type Sandbox } from './sandbox.js';

describe('refresh-token.sh apply', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await createSandbox();
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('applies a version and keeps other lines', async () => {
    const token = generateTestToken();
    const before = fs.readFileSync(sandbox.layout.envFile, 'utf8');
    sandbox.ssm.putVersion(TOKEN_PARAMETER, token);

    const run = await sandbox.run({ TOKEN_VERSION: '1' });

    expectResultContract(run);
    expect(run.result).toEqual({
      status: 'applied',
      version: '1',
      previousVersion: null,
      fingerprint: fingerprintOf(token),
      parameter: TOKEN_PARAMETER,
    });
    const after = fs.readFileSync(sandbox.layout.envFile, 'utf8');
    expect(after).toBe(before.replace('HF_TOKEN=replace-me', `HF_TOKEN=${token}`));
    expect(await sandbox.runningFingerprint()).toBe(fingerprintOf(token));
    expectNoLeak(sandbox, token, [run]);
  });

  it('recreates with up --force-recreate, never restart', async () => {
    sandbox.ssm.putVersion(TOKEN_PARAMETER, generateTestToken());

    await sandbox.run({ TOKEN_VERSION: '1', STOP_TIMEOUT_SECONDS: '7' });

    const composeCalls = sandbox.argvLog().filter((entry) => entry.program === 'docker');
    const up = composeCalls.filter((entry) => entry.argv.includes('up'));
    expect(up).toHaveLength(1);
    expect(up[0]?.argv).toEqual([
      'compose',
      '--project-directory',
      sandbox.layout.projectDir,
      '--env-file',
      sandbox.layout.envFile,
      'up',
      '-d',
      '--force-recreate',
      '--no-deps',
      '--no-build',
      '--timeout',
      '7',
      'whisperx_cuda',
    ]);
    expect(composeCalls.some((entry) => entry.argv.includes('restart'))).toBe(false);
  });

  it('writes state without the token', async () => {
    const token = generateTestToken();
    sandbox.ssm.putVersion(TOKEN_PARAMETER, token);

    await sandbox.run({ TOKEN_VERSION: '1' });

    const state = fs.readFileSync(sandbox.stateFile, 'utf8');
    expect(state).toContain(`parameter=${TOKEN_PARAMETER}\n`);
    expect(state).toContain('applied_version=1\n');
    expect(state).toContain(`applied_fingerprint=${fingerprintOf(token)}\n`);
    expect(state).not.toContain(token);
    expect(fs.statSync(sandbox.stateFile).mode & 0o777).toBe(0o600);
  });

  it('same version twice is unchanged', async () => {
    const token = generateTestToken();
    sandbox.ssm.putVersion(TOKEN_PARAMETER, token);
    await sandbox.run({ TOKEN_VERSION: '1' });
    const envAfterFirst = fs.readFileSync(sandbox.layout.envFile);
    const mtimeAfterFirst = fs.statSync(sandbox.layout.envFile).mtimeMs;

    const second = await sandbox.run({ TOKEN_VERSION: '1' });

    expectResultContract(second);
    expect(second.result?.status).toBe('unchanged');
    expect(second.result?.previousVersion).toBe('1');
    expect(second.result?.fingerprint).toBe(fingerprintOf(token));
    expect(sandbox.recreateCount()).toBe(1);
    expect(fs.readFileSync(sandbox.layout.envFile).equals(envAfterFirst)).toBe(true);
    expect(fs.statSync(sandbox.layout.envFile).mtimeMs).toBe(mtimeAfterFirst);
  });

  it('desired label resolves to its version', async () => {
    const first = generateTestToken();
    const second = generateTestToken();
    sandbox.ssm.putVersion(TOKEN_PARAMETER, first);
    sandbox.ssm.putVersion(TOKEN_PARAMETER, second, ['desired']);

    const run = await sandbox.run({ TOKEN_VERSION: 'desired' });

    expectResultContract(run);
    expect(run.result?.status).toBe('applied');
    expect(run.result?.version).toBe('2');
    expect(run.result?.fingerprint).toBe(fingerprintOf(second));
    expect(sandbox.ssm.requests).toEqual([`${TOKEN_PARAMETER}:desired`]);
  });

  it('newer version reports previous version', async () => {
    sandbox.ssm.putVersion(TOKEN_PARAMETER, generateTestToken());
    const second = generateTestToken();
    sandbox.ssm.putVersion(TOKEN_PARAMETER, second);
    await sandbox.run({ TOKEN_VERSION: '1' });

    const run = await sandbox.run({ TOKEN_VERSION: '2' });

    expect(run.result?.status).toBe('applied');
    expect(run.result?.previousVersion).toBe('1');
    expect(await sandbox.runningFingerprint()).toBe(fingerprintOf(second));
    expect(sandbox.recreateCount()).toBe(2);
  });

  it('drifted container is repaired', async () => {
    const token = generateTestToken();
    sandbox.ssm.putVersion(TOKEN_PARAMETER, token);
    await sandbox.run({ TOKEN_VERSION: '1' });
    await sandbox.replaceContainer({ HF_TOKEN: 'drifted-placeholder' });

    const run = await sandbox.run({ TOKEN_VERSION: '1' });

    expectResultContract(run);
    expect(run.result?.status).toBe('applied');
    expect(sandbox.recreateCount()).toBe(2);
    expect(await sandbox.runningFingerprint()).toBe(fingerprintOf(token));
    expect(run.stderr).toContain('repairing');
  });

  it('stopped container is repaired', async () => {
    const token = generateTestToken();
    sandbox.ssm.putVersion(TOKEN_PARAMETER, token);
    await sandbox.run({ TOKEN_VERSION: '1' });
    await sandbox.replaceContainer({ OTHER: 'no token at all' });

    const run = await sandbox.run({ TOKEN_VERSION: '1' });

    expect(run.result?.status).toBe('applied');
    expect(await sandbox.runningFingerprint()).toBe(fingerprintOf(token));
  });

  it('falls back to docker-compose v1', async () => {
    await sandbox.close();
    sandbox = await createSandbox({ faults: { composePluginMissing: true } });
    const token = generateTestToken();
    sandbox.ssm.putVersion(TOKEN_PARAMETER, token);

    const run = await sandbox.run({ TOKEN_VERSION: '1' });

    expectResultContract(run);
    expect(run.result?.status).toBe('applied');
    const up = sandbox.argvLog().filter((entry) => entry.argv.includes('up'));
    expect(up.map((entry) => entry.program)).toEqual(['docker-compose']);
    expect(await sandbox.runningFingerprint()).toBe(fingerprintOf(token));
  });

  it('creates a missing .env with mode 0600', async () => {
    const token = generateTestToken();
    sandbox.ssm.putVersion(TOKEN_PARAMETER, token);
    fs.rmSync(sandbox.layout.envFile);

    const run = await sandbox.run({ TOKEN_VERSION: '1' });

    expect(run.result?.status).toBe('applied');
    expect(fs.readFileSync(sandbox.layout.envFile, 'utf8')).toBe(`HF_TOKEN=${token}\n`);
    expect(fs.statSync(sandbox.layout.envFile).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(sandbox.backupPath)).toBe(false);
  });

  it('custom key and default env file', async () => {
    const token = generateTestToken();
    sandbox.ssm.putVersion(TOKEN_PARAMETER, token);
    fs.writeFileSync(sandbox.layout.envFile, 'HUGGINGFACE_HUB_TOKEN=old\nHF_TOKEN=untouched\n');

    const run = await sandbox.run({ TOKEN_VERSION: '1', ENV_KEY: 'HUGGINGFACE_HUB_TOKEN', ENV_FILE: '' });

    expectResultContract(run);
    expect(run.result?.status).toBe('applied');
    const values = parseDotenv(fs.readFileSync(sandbox.layout.envFile, 'utf8'));
    expect(values).toEqual({ HUGGINGFACE_HUB_TOKEN: token, HF_TOKEN: 'untouched' });
  });

  it('warns about a value of another shape', async () => {
    sandbox.ssm.putVersion(TOKEN_PARAMETER, 'not-a-hub-token-but-writable');

    const run = await sandbox.run({ TOKEN_VERSION: '1' });

    expectResultContract(run);
    expect(run.result?.status).toBe('applied');
    expect(run.result?.message).toContain('does not look like a Hugging Face token');
  });
});
