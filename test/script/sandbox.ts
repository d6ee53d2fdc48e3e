// One simulated instance in a temporary folder, for running documents/refresh-token.sh directly.
// It has the fleet's instance layout and stand-in CLIs and a fake SSM endpoint with the token
// parameter. Its helpers run the script under dash or bash --posix and read back what happened.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readArgvLog, type ArgvLogEntry } from '../../local/fleet/argv-log.mjs';
import { containerPid, readContainerVariable, startContainer, stopContainer, waitUntilListening } from '../../local/fleet/container.mjs';
import type { InstanceFaults } from '../../local/fleet/instance-config.mjs';
import {
  allocatePort,
  prepareInstance,
  startFirstContainer,
  STANDIN_BIN_DIR,
  type InstanceLayout,
} from '../../local/fleet/instance-layout.js';
import { fingerprintOf } from '../helpers/token.js';
import { startFakeSsm, type FakeSsm } from './fake-ssm-endpoint.js';

export const SCRIPT_PATH = fileURLToPath(new URL('../../documents/refresh-token.sh', import.meta.url));
export const TOKEN_PARAMETER = '/whisperx/hf_token';
export const RESULT_PREFIX = 'HF_TOKEN_ROTATION_RESULT ';

/** Shells the script must run under: dash (the agent's sh on Ubuntu) and bash in POSIX mode. */
export const SHELLS = {
  dash: ['/bin/dash'],
  'bash --posix': ['/bin/bash', '--posix'],
} as const;
export type ShellName = keyof typeof SHELLS;

/** The script's result line, parsed. */
export interface ScriptResult {
  status: 'applied' | 'unchanged' | 'rolled_back' | 'failed';
  version: string | null;
  previousVersion: string | null;
  fingerprint: string | null;
  parameter: string | null;
  step?: string;
  message?: string;
}

export interface ScriptRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Parsed last line of stdout; undefined when it is not a result line. */
  result: ScriptResult | undefined;
}

export interface SandboxOptions {
  /** Initial .env content (default: the fleet's template.env). */
  envContent?: string | Buffer;
  faults?: InstanceFaults;
}

export interface RunOptions {
  shell?: ShellName;
  /** PATH for the script (default: stand-ins first, then /usr/bin:/bin). */
  path?: string;
  /** Extra environment, e.g. SPY_ARGV_LOG for logging tool shims. */
  extraEnv?: Record<string, string>;
  /** Variables to leave out of the script's environment, e.g. HOME or FALLBACK_PATH. */
  unset?: string[];
}

/** A script run in progress; the script leads its own process group, as under the agent. */
export interface StartedRun {
  child: ChildProcess;
  /** Sends the signal to the script's whole process group. */
  signalGroup(signal: NodeJS.Signals): void;
  done: Promise<ScriptRun>;
}

export interface Sandbox {
  root: string;
  layout: InstanceLayout;
  ssm: FakeSsm;
  backupPath: string;
  stateFile: string;
  /** Runs the script with the sandbox's environment plus `inputs` (TOKEN_VERSION etc.). */
  run(inputs: Record<string, string>, options?: RunOptions): Promise<ScriptRun>;
  /** Starts the script like `run` and returns at once, so that a test can signal it. */
  start(inputs: Record<string, string>, options?: RunOptions): StartedRun;
  argvLog(): ArgvLogEntry[];
  /** Number of `compose up` calls so far. */
  recreateCount(): number;
  /** Fingerprint of the running container's HF_TOKEN, or null when it is unset or unreachable. */
  runningFingerprint(): Promise<string | null>;
  /** Replaces the running container by one with this environment (a drift the state file does not know). */
  replaceContainer(environment: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

/** Creates the sandbox and starts its container from the initial .env. */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-refresh-script-'));
  const ssm = await startFakeSsm();
  const layout = prepareInstance({
    rootDir: root,
    instanceId: 'i-0sandbox0000000001',
    port: await allocatePort(),
    faults: options.faults,
    envContent: options.envContent,
  });
  await startFirstContainer(layout);

  const baseEnvironment = {
    PATH: `${STANDIN_BIN_DIR}:/usr/bin:/bin`,
    TOKEN_PARAMETER,
    COMPOSE_PROJECT_DIR: layout.projectDir,
    ENV_FILE: layout.envFile,
    STATE_DIR: layout.stateDir,
    HEALTH_URL: `http://127.0.0.1:${layout.port}/health`,
    HEALTH_TIMEOUT_SECONDS: '10',
    STOP_TIMEOUT_SECONDS: '1',
    LOCK_TIMEOUT_SECONDS: '5',
    AWS_SSM_REGION_NAME: 'eu-central-1',
    AWS_SSM_INSTANCE_ID: layout.instanceId,
    // Appends nothing to PATH, so that a test's PATH decides which tools the script finds.
    FALLBACK_PATH: '',
    AWS_ENDPOINT_URL: ssm.url,
    AWS_ACCESS_KEY_ID: 'AKIASCRIPTTEST000000',
    AWS_SECRET_ACCESS_KEY: 'script-test-secret-not-a-real-key',
    AWS_MAX_ATTEMPTS: '1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    SIM_INSTANCE_DIR: layout.instanceDir,
  };

  const runEnvironment = (inputs: Record<string, string>, runOptions: RunOptions): Record<string, string> => {
    const environment: Record<string, string> = {
      ...baseEnvironment,
      ...(runOptions.path ? { PATH: runOptions.path } : {}),
      ...runOptions.extraEnv,
      ...inputs,
    };
    for (const name of runOptions.unset ?? []) delete environment[name];
    return environment;
  };

  return {
    root,
    layout,
    ssm,
    backupPath: path.join(layout.stateDir, 'env.backup'),
    stateFile: path.join(layout.stateDir, 'state'),
    run: (inputs, runOptions = {}) => startScript(SHELLS[runOptions.shell ?? 'dash'], runEnvironment(inputs, runOptions)).done,
    start: (inputs, runOptions = {}) => startScript(SHELLS[runOptions.shell ?? 'dash'], runEnvironment(inputs, runOptions)),
    argvLog: () => readArgvLog(layout.instanceDir),
    recreateCount: () =>
      readArgvLog(layout.instanceDir).filter((entry) => entry.argv.includes('up')).length,
    async runningFingerprint() {
      try {
        const value = await readContainerVariable(layout.port, 'HF_TOKEN');
        return value === undefined ? null : fingerprintOf(value);
      } catch {
        return null;
      }
    },
    async replaceContainer(environment) {
      await stopContainer(layout.instanceDir, 0);
      startContainer(layout.instanceDir, environment);
      if (!(await waitUntilListening(layout.port, 10_000))) throw new Error('the replacement container did not listen');
    },
    async close() {
      if (containerPid(layout.instanceDir) !== undefined) await stopContainer(layout.instanceDir, 0);
      await ssm.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

function startScript(shell: readonly string[], environment: Record<string, string>): StartedRun {
  const [command, ...shellArgs] = shell;
  const child = spawn(command!, [...shellArgs, SCRIPT_PATH], { env: environment, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const done = new Promise<ScriptRun>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr, result: parseResult(stdout) }));
  });
  return {
    child,
    signalGroup: (signal) => process.kill(-child.pid!, signal),
    done,
  };
}

/** Parses the last line of stdout when it is a result line. */
export function parseResult(stdout: string): ScriptResult | undefined {
  const lines = stdout.replace(/\n$/, '').split('\n');
  const last = lines[lines.length - 1] ?? '';
  if (!last.startsWith(RESULT_PREFIX)) return undefined;
  return JSON.parse(last.slice(RESULT_PREFIX.length)) as ScriptResult;
}
