// refresh-token.sh when something fails after the .env was rewritten: the previous .env comes
// back byte for byte and the service is recreated with it.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InstanceFaults } from '../../local/fleet/instance-config.mjs';
import { fingerprintOf, generateTestToken } from '../helpers/token.js';
import { expectNoLeak, expectResultContract } from './expectations.js';
import { createSandbox, SHELLS, TOKEN_PARAMETER, type Sandbox, type ShellName } from './sandbox.js';
import { createToolDir } from './tool-dir.js';

/** Short health wait: every case here fails or recovers within it. */
const HEALTH_TIMEOUT_SECONDS = '2';

describe('refresh-token.sh rollback', () => {
  let sandbox: Sandbox | undefined;

  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  /** Applies version 1 on a healthy instance, then sets the faults and stores version 2. */
  async function sandboxWithVersionOneApplied(faults: InstanceFaults): Promise<{ sandbox: Sandbox; first: string; second: string }> {
    const created = await createSandbox();
    sandbox = created;
    const first = generateTestToken();
    const second = generateTestToken();
    created.ssm.putVersion(TOKEN_PARAMETER, first);
    created.ssm.putVersion(TOKEN_PARAMETER, second);
    const applied = await created.run({ TOKEN_VERSION: '1' });
    expect(applied.result?.status).toBe('applied');
    const config = JSON.parse(fs.readFileSync(`${created.layout.instanceDir}/instance.json`, 'utf8'));
    fs.writeFileSync(`${created.layout.instanceDir}/instance.json`, JSON.stringify({ ...config, faults }));
    return { sandbox: created, first, second };
  }

  it.each(Object.keys(SHELLS) as ShellName[])('health failure rolls back under %s', async (shell) => {
    const { sandbox, first, second } = await sandboxWithVersionOneApplied({ healthFailsAfterRecreate: 1 });
    const envBefore = fs.readFileSync(sandbox.layout.envFile);
    const stateBefore = fs.readFileSync(sandbox.stateFile);

    const run = await sandbox.run({ TOKEN_VERSION: '2', HEALTH_TIMEOUT_SECONDS }, { shell });

    expectResultContract(run);
    expect(run.result?.status).toBe('rolled_back');
    expect(run.result?.step).toBe('health');
    expect(run.result?.version).toBe('2');
    expect(run.result?.previousVersion).toBe('1');
    expect(run.result?.message).toContain('the service is healthy again');
    expect(fs.readFileSync(sandbox.layout.envFile).equals(envBefore)).toBe(true);
    expect(fs.readFileSync(sandbox.stateFile).equals(stateBefore)).toBe(true);
    expect(sandbox.recreateCount()).toBe(3);
    expect(await sandbox.runningFingerprint()).toBe(fingerprintOf(first));
    expectNoLeak(sandbox, second, [run]);
  });

  it('lasting health failure is reported', async () => {
    const { sandbox } = await sandboxWithVersionOneApplied({ healthFailsAfterRecreate: true });

    const run = await sandbox.run({ TOKEN_VERSION: '2', HEALTH_TIMEOUT_SECONDS });

    expectResultContract(run);
    expect(run.result?.status).toBe('rolled_back');
    expect(run.result?.message).toContain('the service is still unhealthy');
  });

  it('container that never listens rolls back', async () => {
    const { sandbox, first } = await sandboxWithVersionOneApplied({ healthNeverListensAfterRecreate: 1 });

    const run = await sandbox.run({ TOKEN_VERSION: '2', HEALTH_TIMEOUT_SECONDS });

    expectResultContract(run);
    expect(run.result?.status).toBe('rolled_back');
    expect(run.result?.step).toBe('health');
    expect(await sandbox.runningFingerprint()).toBe(fingerprintOf(first));
  });

  it('fingerprint mismatch fails verify', async () => {
    const { sandbox, first } = await sandboxWithVersionOneApplied({ staleEnvAfterRecreate: true });
    const envBefore = fs.readFileSync(sandbox.layout.envFile);

    const run = await sandbox.run({ TOKEN_VERSION: '2', HEALTH_TIMEOUT_SECONDS });

    expectResultContract(run);
    expect(run.result?.status).toBe('rolled_back');
    expect(run.result?.step).toBe('verify');
    expect(run.result?.message).toContain(`expected ${run.result?.fingerprint}`);
    expect(fs.readFileSync(sandbox.layout.envFile).equals(envBefore)).toBe(true);
    expect(await sandbox.runningFingerprint()).toBe(fingerprintOf(first));
  });

  it('failed recreate rolls back', async () => {
    const { sandbox } = await sandboxWithVersionOneApplied({ recreateFails: 1 });
    const envBefore = fs.readFileSync(sandbox.layout.envFile);

    const run = await sandbox.run({ TOKEN_VERSION: '2', HEALTH_TIMEOUT_SECONDS });

    expectResultContract(run);
    expect(run.result?.status).toBe('rolled_back');
    expect(run.result?.step).toBe('recreate');
    expect(fs.readFileSync(sandbox.layout.envFile).equals(envBefore)).toBe(true);
  });

  it('failed rollback recreate is named', async () => {
    const { sandbox } = await sandboxWithVersionOneApplied({ recreateFails: true });

    const run = await sandbox.run({ TOKEN_VERSION: '2', HEALTH_TIMEOUT_SECONDS });

    expectResultContract(run);
    expect(run.result?.status).toBe('failed');
    expect(run.result?.step).toBe('rollback_recreate');
  });

  it('failed restore is named', async () => {
    const { sandbox } = await sandboxWithVersionOneApplied({ healthFailsAfterRecreate: 1 });
    // cp fails only when it reads the backup, which only the restore does.
    const toolDir = createToolDir(path.join(sandbox.root, 'tools'), {
      shims: { cp: 'case "$2" in */env.backup) echo "cp: simulated read error" >&2; exit 1 ;; esac\nexec "$REAL" "$@"' },
    });

    const run = await sandbox.run({ TOKEN_VERSION: '2', HEALTH_TIMEOUT_SECONDS }, { path: toolDir });

    expectResultContract(run);
    expect(run.result?.status).toBe('failed');
    expect(run.result?.step).toBe('restore');
    expect(run.result?.message).toContain('restoring the previous .env');
    expect(fs.readdirSync(sandbox.layout.projectDir)).toEqual(['.env']);
  });

  it('backup directory stops the rewrite', async () => {
    const { sandbox } = await sandboxWithVersionOneApplied({});
    const envBefore = fs.readFileSync(sandbox.layout.envFile);
    fs.rmSync(sandbox.backupPath);
    fs.mkdirSync(sandbox.backupPath);

    const run = await sandbox.run({ TOKEN_VERSION: '2' });

    expectResultContract(run);
    expect(run.result?.status).toBe('failed');
    expect(run.result?.step).toBe('rewrite');
    expect(fs.readFileSync(sandbox.layout.envFile).equals(envBefore)).toBe(true);
  });

  it('rollback of a created .env removes it', async () => {
    const created = await createSandbox();
    sandbox = created;
    created.ssm.putVersion(TOKEN_PARAMETER, generateTestToken());
    fs.rmSync(created.layout.envFile);
    const config = JSON.parse(fs.readFileSync(`${created.layout.instanceDir}/instance.json`, 'utf8'));
    fs.writeFileSync(`${created.layout.instanceDir}/instance.json`, JSON.stringify({ ...config, faults: { healthFailsAfterRecreate: 1 } }));

    const run = await created.run({ TOKEN_VERSION: '1', HEALTH_TIMEOUT_SECONDS });

    expectResultContract(run);
    expect(run.result?.status).toBe('rolled_back');
    expect(fs.existsSync(created.layout.envFile)).toBe(false);
  });
});
