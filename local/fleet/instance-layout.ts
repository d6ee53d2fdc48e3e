// Creates the folders and files of one simulated instance and starts its first container.
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startContainer, stopContainer, waitUntilListening } from './container.mjs';
import { parseDotenv } from './dotenv.mjs';
import { writeInstanceConfig, type InstanceFaults } from './instance-config.mjs';

/** Directory of the stand-in `docker`, `docker-compose` and `aws` commands. */
export const STANDIN_BIN_DIR = fileURLToPath(new URL('./bin', import.meta.url));
/** The reference fleet's .env with a placeholder instead of a token. */
export const DEFAULT_ENV_TEMPLATE_PATH = fileURLToPath(new URL('./template.env', import.meta.url));
/** How long the first container may take to listen; a node start takes well under a second. */
const FIRST_START_TIMEOUT_MS = 10_000;

/** Paths of one simulated instance. */
export interface InstanceLayout {
  instanceId: string;
  instanceDir: string;
  projectDir: string;
  envFile: string;
  stateDir: string;
  port: number;
}

/** Options of prepareInstance; envContent wins over envTemplatePath. */
export interface InstanceSetup {
  rootDir: string;
  instanceId: string;
  port: number;
  faults?: InstanceFaults;
  service?: string;
  envTemplatePath?: string;
  envContent?: string | Buffer;
}

/** Returns the paths of an instance below rootDir without touching the disk. */
export function instancePaths(rootDir: string, instanceId: string, port: number): InstanceLayout {
  if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(instanceId)) {
    throw new Error(`instance id ${JSON.stringify(instanceId)} is invalid; use letters, digits and - (for example i-0abc123)`);
  }
  const instanceDir = path.join(path.resolve(rootDir), instanceId);
  const projectDir = path.join(instanceDir, 'project');
  return {
    instanceId,
    instanceDir,
    projectDir,
    envFile: path.join(projectDir, '.env'),
    stateDir: path.join(instanceDir, 'state'),
    port,
  };
}

/** Creates the instance's folders, its .env (mode 0600) and instance.json. */
export function prepareInstance(setup: InstanceSetup): InstanceLayout {
  const layout = instancePaths(setup.rootDir, setup.instanceId, setup.port);
  fs.mkdirSync(layout.projectDir, { recursive: true });
  fs.mkdirSync(layout.stateDir, { recursive: true, mode: 0o700 });
  const envContent = setup.envContent ?? fs.readFileSync(setup.envTemplatePath ?? DEFAULT_ENV_TEMPLATE_PATH);
  fs.writeFileSync(layout.envFile, envContent, { mode: 0o600 });
  writeInstanceConfig(layout.instanceDir, {
    instanceId: setup.instanceId,
    port: setup.port,
    service: setup.service ?? 'whisperx_cuda',
    faults: setup.faults ?? {},
  });
  return layout;
}

/**
 * Starts the instance's first container from its .env, as `docker compose up` did when the
 * instance was set up, and waits until it listens. Faults do not apply to this container.
 */
export async function startFirstContainer(layout: InstanceLayout): Promise<void> {
  await stopContainer(layout.instanceDir, 0);
  const environment = fs.existsSync(layout.envFile) ? parseDotenv(fs.readFileSync(layout.envFile, 'utf8')) : {};
  startContainer(layout.instanceDir, environment);
  if (!(await waitUntilListening(layout.port, FIRST_START_TIMEOUT_MS))) {
    throw new Error(`the container of ${layout.instanceId} did not listen on 127.0.0.1:${layout.port}; see ${layout.instanceDir}/container.log`);
  }
}

/** Lowest port allocatePort hands out; below it live the usual development servers. */
const PORT_RANGE_START = 10_000;
const PORT_ATTEMPTS = 100;
/** Ports this process handed out, so that two instances never get the same one. */
const handedOutPorts = new Set<number>();

/**
 * Returns a free TCP port on 127.0.0.1 for an instance's container. It is picked below the
 * kernel's ephemeral range, because an outgoing connection may take an ephemeral port between
 * this check and the container's listen. Falls back to a port the OS picks.
 */
export async function allocatePort(): Promise<number> {
  const rangeEnd = ephemeralRangeStart();
  for (let attempt = 0; attempt < PORT_ATTEMPTS && rangeEnd > PORT_RANGE_START; attempt++) {
    const port = PORT_RANGE_START + randomInt(rangeEnd - PORT_RANGE_START);
    if (handedOutPorts.has(port) || !(await isPortFree(port))) continue;
    handedOutPorts.add(port);
    return port;
  }
  const port = await listenAndClose(0);
  handedOutPorts.add(port);
  return port;
}

function ephemeralRangeStart(): number {
  try {
    const start = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(start) && start > 0 ? start : 32_768;
  } catch {
    return 32_768;
  }
}

async function isPortFree(port: number): Promise<boolean> {
  try {
    await listenAndClose(port);
    return true;
  } catch {
    return false;
  }
}

function listenAndClose(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('the OS returned no port'));
      });
    });
  });
}
