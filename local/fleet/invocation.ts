// Runs the aws:runShellScript steps of a command document on one simulated instance the way the
// SSM agent does on Linux: each step's runCommand lines become `_script.sh` in a per-invocation
// folder, run by `sh` (dash here, as on Ubuntu) with a minimal environment in which every
// document parameter is an SSM_<name> variable (interpolationType ENV_VAR).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { InvocationOutcome, InvocationRequest } from '../types.js';

/** Host settings of one instance: its folder and the environment its agent gives every script. */
export interface InvocationHost {
  instanceDir: string;
  /** Environment variables of this host besides the SSM_<name> parameters. */
  environment: Record<string, string>;
}

/** Exit status the agent reports for a script it killed on timeout (AWS reports -1). */
const TIMED_OUT_RESPONSE_CODE = -1;

/**
 * Runs every aws:runShellScript step of the request's document in order and stops at the first
 * failing step. Resolves with the combined outcome; rejects only when the script cannot start.
 */
export async function runShellScriptSteps(request: InvocationRequest, host: InvocationHost): Promise<InvocationOutcome> {
  if (!/^[A-Za-z0-9-]+$/.test(request.commandId)) {
    throw new Error(`command id ${JSON.stringify(request.commandId)} is invalid; the local endpoint issues UUIDs`);
  }
  const steps = request.document.mainSteps.filter((step) => step.action === 'aws:runShellScript');
  if (steps.length === 0) {
    throw new Error(`document ${request.documentName} has no aws:runShellScript step; the simulated agent runs only those`);
  }

  const parameterEnvironment = Object.fromEntries(
    Object.entries(request.parameters).map(([name, value]) => [`SSM_${name}`, value]),
  );
  let stdout = '';
  let stderr = '';
  let outcome: InvocationOutcome = { status: 'Success', responseCode: 0, stdout: '', stderr: '' };
  for (const step of steps) {
    if (!/^[A-Za-z0-9_.-]+$/.test(step.name)) throw new Error(`step name ${JSON.stringify(step.name)} is invalid`);
    const stepDir = path.join(host.instanceDir, 'invocations', request.commandId, step.name);
    fs.mkdirSync(stepDir, { recursive: true, mode: 0o700 });
    const scriptPath = path.join(stepDir, '_script.sh');
    fs.writeFileSync(scriptPath, `${step.inputs.runCommand.join('\n')}\n`, { mode: 0o700 });

    const stepTimeoutSeconds = Number(step.inputs.timeoutSeconds ?? request.timeoutSeconds);
    outcome = await runScript(scriptPath, stepDir, { ...host.environment, ...parameterEnvironment }, stepTimeoutSeconds);
    stdout += outcome.stdout;
    stderr += outcome.stderr;
    // The agent keeps each step's output next to its script.
    fs.writeFileSync(path.join(stepDir, 'stdout'), outcome.stdout, { mode: 0o600 });
    fs.writeFileSync(path.join(stepDir, 'stderr'), outcome.stderr, { mode: 0o600 });
    if (outcome.status !== 'Success') break;
  }
  return { ...outcome, stdout, stderr };
}

function runScript(
  scriptPath: string,
  workingDir: string,
  environment: Record<string, string>,
  timeoutSeconds: number,
): Promise<InvocationOutcome> {
  return new Promise((resolve, reject) => {
    // detached: the script leads its own process group, so a timeout kills the script and every
    // command it started (containers run in their own sessions and survive, as with docker).
    const child = spawn('sh', [scriptPath], { cwd: workingDir, env: environment, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // The group already ended between the timeout and the kill.
        }
      }
    }, timeoutSeconds * 1000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) {
        resolve({ status: 'TimedOut', responseCode: TIMED_OUT_RESPONSE_CODE, stdout, stderr });
        return;
      }
      const responseCode = code ?? TIMED_OUT_RESPONSE_CODE;
      resolve({ status: responseCode === 0 ? 'Success' : 'Failed', responseCode, stdout, stderr });
    });
  });
}
