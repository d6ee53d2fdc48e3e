// refresh-token.sh when a run is cut short. SIGTERM (an operator, systemd or a wrapper cancels
// it) ends the run with step `cancelled` and rolls a rewritten .env back. SIGKILL (how the SSM
// agent cancels) leaves a pending marker, so the next run keeps the backup from before the killed
// run and never takes the unverified .env for the applied one.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InstanceFaults } from '../../local/fleet/instance-config.mjs';
import { fingerprintOf, generateTestToken } from '../helpers/token.js';
import { expectNoLeak, expectResultContract, inventoryReports } from './expectations.js';
import { createSandbox, SHELLS, TOKEN_PARAMETER, type Sandbox, type ShellName, type StartedRun } from './sandbox.js';
import { createToolDir } from './tool-dir.js';

const POLL_MS = 20;
/** Upper bound for a condition a test waits for; each arrives within a second or two. */
const WAIT_LIMIT_MS = 20_000;

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function setFaults(sandbox: Sandbox, faults: InstanceFaults): void {
  const file = path.join(sandbox.layout.instanceDir, 'instance.json');
  fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), faults }));
}

/** Collects the run's stderr as it arrives. */
function stderrOf(run: StartedRun): () => string {
  let text = '';
  run.child.stderr!.on('data', (chunk: string) => (text += chunk));
  return () => text;
}

describe('refresh-token.sh interrupted', () => {
  let sandbox: Sandbox | undefined;

  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  /** A sandbox with version 1 applied and version 2 stored. */
  async function withVersionOneApplied(): Promise<{ sandbox: Sandbox; first: string; second: string; envV1: Buffer }> {
    const created = await createSandbox();
    sandbox = created;
    const first = generateTestToken();
    const second = generateTestToken();
    created.ssm.putVersion(TOKEN_PARAMETER, first);
    created.ssm.putVersion(TOKEN_PARAMETER, second);
    const applied = await created.run({ TOKEN_VERSION: '1' });
    expect(applied.result?.status).toBe('applied');
    return { sandbox: created, first, second, envV1: fs.readFileSync(created.layout.envFile) };
  }

  it.each(Object.keys(SHELLS) as ShellName[])('SIGTERM after the rewrite rolls back under %s', async (shell) => {
    const { sandbox, first, second, envV1 } = await withVersionOneApplied();
    setFaults(sandbox, { healthNeverListensAfterRecreate: 1 });
    const started = sandbox.start({ TOKEN_VERSION: '2', HEALTH_TIMEOUT_SECONDS: '15' }, { shell });
    const stderr = stderrOf(started);
    // The container that never listens keeps the run in its health wait.
    await waitFor(() => stderr().includes('Container whisperx-cuda  Started'), 'the recreate ended');

    started.signalGroup('SIGTERM');
    const run = await started.done;

    expectResultContract(run);
    expect(run.result?.status, run.stderr).toBe('rolled_back');
    expect(run.result?.step).toBe('cancelled');
    expect(run.result?.message).toContain('cancelled by SIGTERM');
    expect(run.result?.message).toContain('the service is healthy again');
    expect(fs.readFileSync(sandbox.layout.envFile).equals(envV1)).toBe(true);
    expect(await sandbox.runningFingerprint()).toBe(fingerprintOf(first));
    expect(fs.existsSync(path.join(sandbox.layout.stateDir, 'rewrite.pending'))).toBe(false);
    expect(inventoryReports(sandbox).at(-1)).toMatchObject({ Version: '1', Status: 'rolled_back' });
    expectNoLeak(sandbox, second, [run]);
  });

  it('SIGTERM while waiting for the lock changes nothing', async () => {
    const { sandbox, envV1 } = await withVersionOneApplied();
    // Another holder of the lock keeps the run waiting before it fetches anything.
    const holder = spawn('flock', ['-n', path.join(sandbox.layout.stateDir, 'lock'), '-c', 'echo locked; exec sleep 60'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await new Promise((resolve) => holder.stdout!.once('data', resolve));
      const waiting = sandbox.start({ TOKEN_VERSION: '2', LOCK_TIMEOUT_SECONDS: '20' });
      const stderr = stderrOf(waiting);
      await waitFor(() => stderr().includes('using docker compose'), 'the run reached the lock');
      // The lock step follows the tools message at once; this pause only makes sure it began.
      await new Promise((resolve) => setTimeout(resolve, 300));

      waiting.signalGroup('SIGTERM');
      const run = await waiting.done;

      expectResultContract(run);
      expect(run.result?.status, run.stderr).toBe('failed');
      expect(run.result?.step).toBe('cancelled');
      expect(run.result?.message).toContain('during step lock');
      expect(fs.readFileSync(sandbox.layout.envFile).equals(envV1)).toBe(true);
      expect(sandbox.recreateCount()).toBe(1);
      expect(sandbox.ssm.requests).toHaveLength(1);
      expect(inventoryReports(sandbox)).toHaveLength(1);
    } finally {
      process.kill(-holder.pid!, 'SIGKILL');
    }
  });

  it('SIGTERM during a rollback lets it finish', async () => {
    const { sandbox, first, envV1 } = await withVersionOneApplied();
    setFaults(sandbox, { healthFailsAfterRecreate: true });
    const started = sandbox.start({ TOKEN_VERSION: '2', HEALTH_TIMEOUT_SECONDS: '2' });
    const stderr = stderrOf(started);
    await waitFor(() => stderr().includes('restoring the previous .env'), 'the rollback started');

    started.signalGroup('SIGTERM');
    const run = await started.done;

    expectResultContract(run);
    expect(run.result?.status, run.stderr).toBe('rolled_back');
    expect(run.result?.step).toBe('health');
    expect(run.stderr).toContain('finishing the rollback first');
    expect(fs.readFileSync(sandbox.layout.envFile).equals(envV1)).toBe(true);
    expect(await sandbox.runningFingerprint()).toBe(fingerprintOf(first));
  });

  it('SIGKILL after the rewrite keeps the older backup', async () => {
    const { sandbox, first, envV1 } = await withVersionOneApplied();
    setFaults(sandbox, { healthNeverListensAfterRecreate: 1 });
    const killed = sandbox.start({ TOKEN_VERSION: '2', HEALTH_TIMEOUT_SECONDS: '15' });
    await waitFor(() => !fs.readFileSync(sandbox.layout.envFile).equals(envV1), 'the .env was rewritten');
    killed.signalGroup('SIGKILL');
    await killed.done;
    expect(fs.existsSync(path.join(sandbox.layout.stateDir, 'rewrite.pending'))).toBe(true);
    setFaults(sandbox, { healthFailsAfterRecreate: 1 });

    const run = await sandbox.run({ TOKEN_VERSION: '2', HEALTH_TIMEOUT_SECONDS: '2' });

    expectResultContract(run);
    expect(run.result?.status, run.stderr).toBe('rolled_back');
    expect(run.stderr).toContain('keeping the backup from before that run');
    expect(fs.readFileSync(sandbox.layout.envFile).equals(envV1)).toBe(true);
    expect(await sandbox.runningFingerprint()).toBe(fingerprintOf(first));
    expect(fs.existsSync(path.join(sandbox.layout.stateDir, 'rewrite.pending'))).toBe(false);
  });

  it('SIGKILL before the recreate is never unchanged', async () => {
    const { sandbox, first, envV1 } = await withVersionOneApplied();
    const blockFlag = path.join(sandbox.root, 'block-up');
    fs.writeFileSync(blockFlag, '');
    const toolDir = createToolDir(path.join(sandbox.root, 'tools'), {
      shims: { docker: `case " $* " in *" up "*) if [ -e '${blockFlag}' ]; then sleep 30; fi ;; esac\nexec "$REAL" "$@"` },
    });
    const killed = sandbox.start({ TOKEN_VERSION: '2' }, { path: toolDir });
    await waitFor(() => !fs.readFileSync(sandbox.layout.envFile).equals(envV1), 'the .env was rewritten');
    killed.signalGroup('SIGKILL');
    await killed.done;
    fs.rmSync(blockFlag);
    expect(await sandbox.runningFingerprint()).toBe(fingerprintOf(first));

    const run = await sandbox.run({ TOKEN_VERSION: '1' }, { path: toolDir });

    expectResultContract(run);
    expect(run.result?.status, run.stderr).toBe('applied');
    expect(run.stderr).toContain('an earlier run was interrupted after it rewrote the .env');
    expect(fs.readFileSync(sandbox.layout.envFile).equals(envV1)).toBe(true);
    expect(fs.readdirSync(sandbox.layout.projectDir)).toEqual(['.env']);
  });
});
