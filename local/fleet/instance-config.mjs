// The per-instance configuration file of the simulated fleet, `<instanceDir>/instance.json`,
// shared by the stand-in CLIs, the health server and the fleet. Its layout:
//   <instanceDir>/instance.json     this configuration (no secrets)
//   <instanceDir>/project/.env      the compose project's .env file
//   <instanceDir>/state/            the refresh script's STATE_DIR
//   <instanceDir>/argv.log          one JSON line per stand-in CLI call
//   <instanceDir>/container.pid     pid of the running health server (the "container")
//   <instanceDir>/container.log     the health server's own log (never the environment)
import fs from 'node:fs';
import path from 'node:path';

/**
 * Faults that make the simulated instance misbehave. A fault given as `true` applies to every
 * recreate. A number N applies to the next N recreates only and counts down in instance.json, so
 * `healthFailsAfterRecreate: 1` fails the update but lets the rollback's recreate succeed.
 * @typedef {object} InstanceFaults
 * @property {boolean | number} [recreateFails] `compose up` exits 1 and leaves the old container running.
 * @property {boolean | number} [healthFailsAfterRecreate] a recreated container answers /health with 500.
 * @property {boolean | number} [healthNeverListensAfterRecreate] a recreated container never
 *   listens, so /health times out and `exec` fails.
 * @property {boolean | number} [staleEnvAfterRecreate] a recreated container keeps the old
 *   container's environment, as if the compose file did not take the variable from the .env.
 * @property {number} [startupDelayMs] a recreated container listens only after this delay.
 * @property {boolean} [composePluginMissing] `docker compose` is missing; `docker-compose` (v1) works.
 * @property {boolean} [noInstanceRole] the aws CLI finds no credentials.
 * @property {number} [recreateOutputBytes] `compose up` first prints about this many bytes of
 *   image pull progress on stdout, as a pull of a large image does.
 */

/**
 * @typedef {object} InstanceConfig
 * @property {string} instanceId
 * @property {number} port 127.0.0.1 port of the instance's health server
 * @property {string} service compose service name the stand-in accepts
 * @property {InstanceFaults} faults
 */

export const INSTANCE_CONFIG_FILE = 'instance.json';
export const ARGV_LOG_FILE = 'argv.log';
export const CONTAINER_PID_FILE = 'container.pid';
export const CONTAINER_LOG_FILE = 'container.log';

/**
 * Reads `<instanceDir>/instance.json`.
 * @param {string} instanceDir
 * @returns {InstanceConfig}
 */
export function readInstanceConfig(instanceDir) {
  const file = path.join(instanceDir, INSTANCE_CONFIG_FILE);
  const config = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (typeof config.port !== 'number' || typeof config.instanceId !== 'string') {
    throw new Error(`${file} needs a numeric port and an instanceId`);
  }
  return { service: 'whisperx_cuda', faults: {}, ...config };
}

/**
 * Writes `<instanceDir>/instance.json` atomically.
 * @param {string} instanceDir
 * @param {InstanceConfig} config
 */
export function writeInstanceConfig(instanceDir, config) {
  const file = path.join(instanceDir, INSTANCE_CONFIG_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`);
  fs.renameSync(temporary, file);
}

/**
 * Reports whether a counted fault applies to this recreate, and counts it down when it was a
 * number.
 * @param {string} instanceDir
 * @param {'recreateFails' | 'healthFailsAfterRecreate' | 'healthNeverListensAfterRecreate' | 'staleEnvAfterRecreate'} name
 * @returns {boolean}
 */
export function consumeFault(instanceDir, name) {
  const config = readInstanceConfig(instanceDir);
  const fault = config.faults[name];
  if (fault === true) return true;
  if (typeof fault !== 'number' || fault <= 0) return false;
  const faults = { ...config.faults };
  if (fault > 1) faults[name] = fault - 1;
  else delete faults[name];
  writeInstanceConfig(instanceDir, { ...config, faults });
  return true;
}

/**
 * Returns the instance directory for a compose project directory (its parent), or undefined when
 * the parent contains no instance.json.
 * @param {string | undefined} projectDir
 */
export function instanceDirOfProject(projectDir) {
  if (!projectDir) return undefined;
  const candidate = path.dirname(path.resolve(projectDir));
  return fs.existsSync(path.join(candidate, INSTANCE_CONFIG_FILE)) ? candidate : undefined;
}
