// Measures the refresh script's own overhead: runs with stand-ins for aws, docker and curl that
// return at once (local/fleet/instant-host.ts). The figures leave out the recreate, the health
// wait and the AWS calls, and keep everything the script itself does (input checks, tool lookup,
// lock, state, rewrite, fingerprints, verify, inventory report).
// Run: npx tsx bench/script-overhead.ts [runs]   (default 21 runs per variant; at least 20)
//
// Method: each run is a fresh `sh` process, timed from spawn to exit. An `apply` run starts from
// the old .env and no state file, so it rewrites the .env; an `unchanged` run finds the version
// applied and stops after comparing fingerprints. A bare `dash -c :` shows what starting a shell
// costs on the machine. Figures are medians, with the 90th percentile beside them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInstantHost, type InstantHost } from '../local/fleet/instant-host.js';

const SCRIPT_PATH = fileURLToPath(new URL('../documents/refresh-token.sh', import.meta.url));
/** Target for the median of an apply run under dash, in milliseconds. */
const TARGET_MS = 300;
const MIN_RUNS = 20;
const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

type Variant = 'apply' | 'unchanged';

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

/** Generates a token shaped like a Hugging Face token per run, so that none is ever stored. */
function benchToken(): string {
  let body = '';
  for (let index = 0; index < 34; index++) body += TOKEN_ALPHABET[Math.floor(Math.random() * TOKEN_ALPHABET.length)];
  return `hf_${body}`;
}

/** Runs a command once and returns its wall time in milliseconds; throws when it fails. */
function timeCommand(command: string, args: string[], env: Record<string, string>): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { env, stdio: 'pipe' });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}: ${result.stdout.toString()}${result.stderr.toString().slice(0, 2000)}`);
  }
  return elapsed;
}

function prepare(host: InstantHost, variant: Variant, oldEnv: Buffer): void {
  if (variant === 'apply') {
    fs.writeFileSync(host.envFile, oldEnv);
    fs.writeFileSync(host.containerEnvFile, oldEnv);
    fs.rmSync(path.join(host.stateDir, 'state'), { force: true });
  }
}

function measure(host: InstantHost, shell: string[], variant: Variant, runs: number, oldEnv: Buffer): number[] {
  const [command, ...shellArgs] = shell;
  prepare(host, 'apply', oldEnv);
  timeCommand(command!, [...shellArgs, SCRIPT_PATH], host.environment);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    prepare(host, variant, oldEnv);
    times.push(timeCommand(command!, [...shellArgs, SCRIPT_PATH], host.environment));
  }
  return times;
}

function main(): void {
  const runs = Number(process.argv[2] ?? 21);
  if (!Number.isInteger(runs) || runs < MIN_RUNS) throw new Error(`Runs must be a whole number of at least ${MIN_RUNS}, got "${process.argv[2]}".`);

  const rootDir = fs.mkdtempSync(path.join(tmpdir(), 'hf-token-script-overhead-'));
  try {
    const host = createInstantHost(rootDir, benchToken());
    const oldEnv = fs.readFileSync(host.envFile);
    const shellStart = Array.from({ length: runs }, () => timeCommand('/bin/dash', ['-c', ':'], { PATH: '/usr/bin:/bin' }));

    console.log(`Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node.js ${process.version}`);
    console.log(`Runs per variant: ${runs}; times in ms, median (90th percentile)\n`);
    console.log('| shell | apply | unchanged |');
    console.log('|---|---|---|');
    let dashApplyMedian = 0;
    for (const [name, shell] of [['dash', ['/bin/dash']], ['bash --posix', ['/bin/bash', '--posix']]] as const) {
      const apply = measure(host, [...shell], 'apply', runs, oldEnv);
      const unchanged = measure(host, [...shell], 'unchanged', runs, oldEnv);
      if (name === 'dash') dashApplyMedian = percentile(apply, 0.5);
      const cell = (times: number[]): string => `${percentile(times, 0.5).toFixed(0)} (${percentile(times, 0.9).toFixed(0)})`;
      console.log(`| ${name} | ${cell(apply)} | ${cell(unchanged)} |`);
    }
    console.log(`\nStarting a shell (dash -c :): ${percentile(shellStart, 0.5).toFixed(1)} ms median`);
    console.log(`Target: apply under dash below ${TARGET_MS} ms: ${dashApplyMedian < TARGET_MS ? 'met' : 'missed'} (${dashApplyMedian.toFixed(0)} ms)`);
  } finally {
    fs.rmSync(rootDir, { recursive: true, force: true });
  }
}

main();
