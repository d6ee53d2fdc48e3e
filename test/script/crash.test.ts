// Crash consistency: the SSM agent ends a cancelled or timed-out command with SIGKILL to the
// script's whole process group. Whenever that lands, the .env must be the complete old file or
// the complete new one, byte for byte, and the next run must clean up after the killed one.
// Instant stand-ins keep a run near 100 ms, so hundreds of kills fit in well under a minute.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstantHost, type InstantHost } from '../../local/fleet/instant-host.js';
import { scanFiles } from '../helpers/leak-scan.js';
import { generateTestToken } from '../helpers/token.js';
import { SCRIPT_PATH, SHELLS, type ShellName } from './sandbox.js';

/** Hosts killed in parallel, and kills per host: 8 x 30 = 240 runs. */
const WORKERS = 8;
const KILLS_PER_WORKER = 30;
/** Unkilled runs per host whose median sets the range of kill delays. */
const CALIBRATION_RUNS = 3;

type Outcome = 'old' | 'new';

interface WorkerReport {
  outcomes: Outcome[];
  /** Runs that ended before their kill. */
  finished: number;
  /** Kills after which a temporary .env of the killed run was left next to the .env. */
  leftovers: number;
  /** Descriptions of runs after which the .env was neither file. */
  torn: string[];
  badModes: string[];
}

/** Runs the script once and kills its process group after delayMs (when it still runs). */
function runScript(host: InstantHost, shell: ShellName, delayMs?: number): Promise<{ killed: boolean; exitCode: number | null }> {
  return new Promise((resolve, reject) => {
    const [command, ...shellArgs] = SHELLS[shell];
    // detached: the script leads its own process group, as under the agent.
    const child = spawn(command, [...shellArgs, SCRIPT_PATH], { env: host.environment, detached: true, stdio: 'ignore' });
    let killed = false;
    const timer =
      delayMs === undefined
        ? undefined
        : setTimeout(() => {
            try {
              process.kill(-child.pid!, 'SIGKILL');
              killed = true;
            } catch {
              // The group ended between the timer and the kill.
            }
          }, delayMs);
    child.on('error', reject);
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve({ killed, exitCode });
    });
  });
}

/** Puts the host back to the old .env and a container that runs it, with no applied version. */
function resetHost(host: InstantHost, oldEnv: Buffer): void {
  fs.writeFileSync(host.envFile, oldEnv, { mode: 0o600 });
  fs.chmodSync(host.envFile, 0o600);
  fs.writeFileSync(host.containerEnvFile, oldEnv);
  // The state file would make the next run `unchanged`. Leftovers of killed runs stay, so that
  // every run also meets what the one before it left.
  fs.rmSync(path.join(host.stateDir, 'state'), { force: true });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function killRepeatedly(host: InstantHost, oldEnv: Buffer, newEnv: Buffer, workerIndex: number): Promise<WorkerReport> {
  const shells = Object.keys(SHELLS) as ShellName[];
  const durations: number[] = [];
  for (let run = 0; run < CALIBRATION_RUNS; run++) {
    resetHost(host, oldEnv);
    const started = performance.now();
    await runScript(host, 'dash');
    durations.push(performance.now() - started);
  }
  const spanMs = median(durations) * 1.2;

  const report: WorkerReport = { outcomes: [], finished: 0, leftovers: 0, torn: [], badModes: [] };
  for (let kill = 0; kill < KILLS_PER_WORKER; kill++) {
    resetHost(host, oldEnv);
    const shell = shells[(workerIndex + kill) % shells.length]!;
    const delayMs = Math.random() * spanMs;

    const { killed } = await runScript(host, shell, delayMs);

    if (!killed) report.finished++;
    const content = fs.readFileSync(host.envFile);
    if (content.equals(oldEnv)) report.outcomes.push('old');
    else if (content.equals(newEnv)) report.outcomes.push('new');
    else report.torn.push(`${shell}, kill after ${delayMs.toFixed(1)} ms: ${JSON.stringify(content.toString('utf8').slice(0, 80))}`);
    if (fs.readdirSync(path.dirname(host.envFile)).length > 1) report.leftovers++;
    const mode = fs.statSync(host.envFile).mode & 0o777;
    if (mode !== 0o600) report.badModes.push(`${shell}, kill after ${delayMs.toFixed(1)} ms: mode ${mode.toString(8)}`);
  }
  return report;
}

describe('refresh-token.sh killed at random moments', () => {
  let rootDir: string;
  const hosts: InstantHost[] = [];
  const token = generateTestToken();
  let reports: WorkerReport[] = [];
  let oldEnv: Buffer;
  let newEnv: Buffer;

  beforeAll(async () => {
    rootDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-refresh-crash-'));
    for (let index = 0; index < WORKERS; index++) hosts.push(createInstantHost(path.join(rootDir, `host-${index}`), token));
    oldEnv = fs.readFileSync(hosts[0]!.envFile);
    newEnv = Buffer.from(oldEnv.toString('utf8').replace(/^HF_TOKEN=.*$/m, `HF_TOKEN=${token}`));
    reports = await Promise.all(hosts.map((host, index) => killRepeatedly(host, oldEnv, newEnv, index)));
  }, 120_000);

  afterAll(() => {
    fs.rmSync(rootDir, { recursive: true, force: true });
  });

  it('.env is always the old or the new file', () => {
    const torn = reports.flatMap((report) => report.torn);
    const outcomes = reports.flatMap((report) => report.outcomes);

    expect(torn).toEqual([]);
    expect(outcomes.length).toBeGreaterThanOrEqual(200);
  });

  it('.env keeps mode 0600', () => {
    expect(reports.flatMap((report) => report.badModes)).toEqual([]);
  });

  it('kills landed before and after the rename', () => {
    const outcomes = reports.flatMap((report) => report.outcomes);
    const killedRuns = outcomes.length - reports.reduce((sum, report) => sum + report.finished, 0);
    console.info(
      `crash test: ${outcomes.length} runs, ${killedRuns} killed; .env old after ${outcomes.filter((outcome) => outcome === 'old').length}, ` +
        `new after ${outcomes.filter((outcome) => outcome === 'new').length}; ` +
        `${reports.reduce((sum, report) => sum + report.leftovers, 0)} kills left a temporary .env behind`,
    );

    expect(outcomes).toContain('old');
    expect(outcomes).toContain('new');
  });

  it('next run cleans up and applies', async () => {
    for (const host of hosts) {
      resetHost(host, oldEnv);

      const { exitCode } = await runScript(host, 'dash');

      expect(exitCode).toBe(0);
      expect(fs.readFileSync(host.envFile).equals(newEnv)).toBe(true);
      expect(fs.readdirSync(path.dirname(host.envFile))).toEqual(['.env']);
      expect(fs.readdirSync(host.stateDir).sort()).toEqual(['env.backup', 'lock', 'state']);
    }
  });

  it('token stays in .env and backup', () => {
    const allowed = (file: string): boolean =>
      file.endsWith('/project/.env') || file.endsWith('/state/env.backup') || file.endsWith('/bin/container.env');

    expect(scanFiles(token, rootDir, allowed)).toEqual([]);
  });
});
