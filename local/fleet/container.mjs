// The "container" of a simulated instance is a small health server process (health-server.mjs)
// started detached, so that it outlives the stand-in docker CLI that started it, just as a real
// container outlives `docker compose up -d`. Its environment is the container environment.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTAINER_LOG_FILE, CONTAINER_PID_FILE } from './instance-config.mjs';

const HEALTH_SERVER_PATH = fileURLToPath(new URL('./health-server.mjs', import.meta.url));
const POLL_INTERVAL_MS = 50;
/** Upper bound for one request to a container; a loopback response takes milliseconds. */
const REQUEST_TIMEOUT_MS = 5000;

/**
 * Reports whether the process runs. A zombie counts as ended: a container whose starter exited
 * is reparented to the init process, which may take seconds to reap it.
 * @param {number} pid
 */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Returns the pid of the instance's running health server, or undefined. The pid file is trusted
 * only when /proc shows that this pid still runs health-server.mjs for this instance, so a reused
 * pid is never signalled.
 * @param {string} instanceDir
 */
export function containerPid(instanceDir) {
  let pid;
  try {
    pid = Number(fs.readFileSync(path.join(instanceDir, CONTAINER_PID_FILE), 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv.includes(HEALTH_SERVER_PATH) && argv.includes(path.resolve(instanceDir)) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stops the instance's container like `docker stop`: SIGTERM, then SIGKILL after the timeout.
 * @param {string} instanceDir
 * @param {number} [stopTimeoutSeconds]
 */
export async function stopContainer(instanceDir, stopTimeoutSeconds = 10) {
  const pid = containerPid(instanceDir);
  if (pid !== undefined) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + stopTimeoutSeconds * 1000;
    while (isAlive(pid) && Date.now() < deadline) await sleep(POLL_INTERVAL_MS);
    if (isAlive(pid)) {
      process.kill(pid, 'SIGKILL');
      while (isAlive(pid)) await sleep(POLL_INTERVAL_MS);
    }
  }
  fs.rmSync(path.join(instanceDir, CONTAINER_PID_FILE), { force: true });
}

/**
 * How one container misbehaves; decided by the stand-in when it starts the container.
 * @typedef {object} ContainerFaults
 * @property {boolean} [healthFails] /health returns status 500
 * @property {boolean} [neverListens] the server never listens
 * @property {number} [startupDelayMs] delay before the server listens
 */

/**
 * Starts the instance's container with the given environment (passed as the process
 * environment, never as arguments or a file). Stop the old one first.
 * @param {string} instanceDir
 * @param {Record<string, string>} environment container environment
 * @param {ContainerFaults} [faults]
 * @returns {number} pid of the new container process
 */
export function startContainer(instanceDir, environment, faults = {}) {
  const resolvedDir = path.resolve(instanceDir);
  const logFd = fs.openSync(path.join(resolvedDir, CONTAINER_LOG_FILE), 'a');
  try {
    const child = spawn(process.execPath, [HEALTH_SERVER_PATH, '--instance-dir', resolvedDir], {
      cwd: resolvedDir,
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: { ...environment, SIM_CONTAINER_FAULTS: JSON.stringify(faults) },
    });
    if (child.pid === undefined) throw new Error(`cannot start the health server for ${resolvedDir}`);
    fs.writeFileSync(path.join(resolvedDir, CONTAINER_PID_FILE), `${child.pid}\n`);
    child.unref();
    return child.pid;
  } finally {
    fs.closeSync(logFd);
  }
}

/**
 * Sends GET to the container on 127.0.0.1 and resolves with status and body. Rejects when the
 * container does not accept the connection.
 * @param {number} port
 * @param {string} pathname
 * @returns {Promise<{ status: number, body: string }>}
 */
export function requestContainer(port, pathname) {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: pathname, timeout: REQUEST_TIMEOUT_MS }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('timeout', () => request.destroy(new Error(`127.0.0.1:${port} did not respond within ${REQUEST_TIMEOUT_MS} ms`)));
    request.on('error', reject);
  });
}

/**
 * Reads one variable of the container environment (what `printenv NAME` prints inside it).
 * @param {number} port
 * @param {string} name
 * @returns {Promise<string | undefined>} undefined when the variable is not set
 */
export async function readContainerVariable(port, name) {
  const { status, body } = await requestContainer(port, `/_sim/env/${encodeURIComponent(name)}`);
  if (status === 404) return undefined;
  if (status !== 200) throw new Error(`container on port ${port} returned status ${status} for variable ${name}`);
  return body;
}

/**
 * Reads the whole container environment.
 * @param {number} port
 * @returns {Promise<Record<string, string>>}
 */
export async function readContainerEnvironment(port) {
  const { status, body } = await requestContainer(port, '/_sim/env');
  if (status !== 200) throw new Error(`container on port ${port} returned status ${status} for its environment`);
  return JSON.parse(body);
}

/**
 * Waits until the container responds to /health (any status); returns false after the timeout.
 * @param {number} port
 * @param {number} timeoutMs
 */
export async function waitUntilListening(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await requestContainer(port, '/health');
      return true;
    } catch {
      await sleep(POLL_INTERVAL_MS);
    }
  }
  return false;
}
