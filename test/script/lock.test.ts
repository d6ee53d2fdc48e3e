// One refresh at a time per state directory: flock when present, else a lock directory whose
// owner pid is checked so that a lock left by a killed run is broken.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateTestToken } from '../helpers/token.js';
import { expectResultContract } from './expectations.js';
import { createSandbox, TOKEN_PARAMETER, type Sandbox } from './sandbox.js';
import { createToolDir } from './tool-dir.js';

describe('refresh-token.sh lock', () => {
  let sandbox: Sandbox;
  let holder: ChildProcess | undefined;

  beforeEach(async () => {
    sandbox = await createSandbox();
    sandbox.ssm.putVersion(TOKEN_PARAMETER, generateTestToken());
  });

  afterEach(async () => {
    // flock runs its command in a child: end the whole process group it leads.
    if (holder?.pid !== undefined && holder.exitCode === null) process.kill(-holder.pid, 'SIGKILL');
    holder?.stdout?.destroy();
    holder = undefined;
    await sandbox.close();
  });

  /** Starts `flock` holding the lock file and resolves once it holds it. */
  function holdFlock(): Promise<void> {
    const lockFile = path.join(sandbox.layout.stateDir, 'lock');
    holder = spawn('flock', ['-n', lockFile, '-c', 'echo locked; exec sleep 60'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return new Promise((resolve, reject) => {
      holder!.stdout!.once('data', () => resolve());
      holder!.once('exit', (code) => reject(new Error(`flock exited with ${code} before it held the lock`)));
    });
  }

  it('held flock fails lock', async () => {
    await holdFlock();
    const envBefore = fs.readFileSync(sandbox.layout.envFile);

    const run = await sandbox.run({ TOKEN_VERSION: '1', LOCK_TIMEOUT_SECONDS: '1' });

    expectResultContract(run);
    expect(run.result?.status).toBe('failed');
    expect(run.result?.step).toBe('lock');
    expect(fs.readFileSync(sandbox.layout.envFile).equals(envBefore)).toBe(true);
    expect(sandbox.ssm.requests).toEqual([]);
  });

  it('concurrent runs are serialized', async () => {
    const runs = await Promise.all([sandbox.run({ TOKEN_VERSION: '1' }), sandbox.run({ TOKEN_VERSION: '1' })]);

    expect(runs.map((run) => run.result?.status).sort()).toEqual(['applied', 'unchanged']);
    expect(sandbox.recreateCount()).toBe(1);
  });

  it('lock directory without flock', async () => {
    const toolDir = createToolDir(path.join(sandbox.root, 'tools'), { omit: ['flock'] });

    const run = await sandbox.run({ TOKEN_VERSION: '1' }, { path: toolDir });

    expectResultContract(run);
    expect(run.result?.status).toBe('applied');
    expect(fs.existsSync(path.join(sandbox.layout.stateDir, 'lock.d'))).toBe(false);
  });

  it('stale lock directory is broken', async () => {
    const toolDir = createToolDir(path.join(sandbox.root, 'tools'), { omit: ['flock'] });
    const ended = spawnSync('true');
    const lockDir = path.join(sandbox.layout.stateDir, 'lock.d');
    fs.mkdirSync(lockDir);
    fs.writeFileSync(path.join(lockDir, 'pid'), `${ended.pid}\n`);

    const run = await sandbox.run({ TOKEN_VERSION: '1' }, { path: toolDir });

    expectResultContract(run);
    expect(run.result?.status).toBe('applied');
    expect(run.stderr).toContain('removing the stale lock');
    expect(fs.existsSync(lockDir)).toBe(false);
  });

  it('live lock directory fails lock', async () => {
    const toolDir = createToolDir(path.join(sandbox.root, 'tools'), { omit: ['flock'] });
    const lockDir = path.join(sandbox.layout.stateDir, 'lock.d');
    fs.mkdirSync(lockDir);
    fs.writeFileSync(path.join(lockDir, 'pid'), `${process.pid}\n`);

    const run = await sandbox.run({ TOKEN_VERSION: '1', LOCK_TIMEOUT_SECONDS: '1' }, { path: toolDir });

    expectResultContract(run);
    expect(run.result?.status).toBe('failed');
    expect(run.result?.step).toBe('lock');
    expect(run.result?.message).toContain(`pid ${process.pid}`);
    expect(fs.existsSync(lockDir)).toBe(true);
  });
});
