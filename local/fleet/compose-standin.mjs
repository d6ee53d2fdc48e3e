// Stand-in for `docker compose` (v2 plugin) and `docker-compose` (v1) on a simulated instance.
// It simulates the three calls the refresh script makes and rejects everything else:
//   compose version
//   compose [--project-directory D] [--env-file F] up -d [--force-recreate] [--no-deps]
//           [--no-build] [--timeout N] SERVICE
//   compose [--project-directory D] [--env-file F] exec -T SERVICE printenv NAME
// `restart` is rejected loudly, because it keeps the old environment and so would never apply a
// changed .env. Every call is recorded in the instance's argv log first.
// The instance directory is the parent of --project-directory, else SIM_INSTANCE_DIR.
import fs from 'node:fs';
import path from 'node:path';
import { recordArgv } from './argv-log.mjs';
import {
  readContainerEnvironment,
  readContainerVariable,
  startContainer,
  stopContainer,
  waitUntilListening,
} from './container.mjs';
import { DotenvError, parseDotenv, TemplateError } from './dotenv.mjs';
import { consumeFault, instanceDirOfProject, readInstanceConfig } from './instance-config.mjs';

const V2_VERSION_TEXT = 'Docker Compose version v2.29.7 (simulated)';
const V1_VERSION_TEXT = 'docker-compose version 1.29.2, build simulated';
/** Upper bound for waiting until a new container listens; a node start takes about 100 ms. */
const STARTUP_WAIT_MS = 2000;
/** docker's default stop timeout in seconds. */
const DEFAULT_STOP_TIMEOUT_SECONDS = 10;

/** Global options of compose that take a value. */
const GLOBAL_OPTIONS_WITH_VALUE = new Set(['--project-directory', '--env-file', '-f', '--file', '-p', '--project-name', '--ansi', '--progress']);

class UsageError extends Error {}

/**
 * Splits `--name=value` and `--name value` options off the front of args.
 * @param {string[]} args
 * @param {Set<string>} withValue options that take a value
 * @param {Set<string>} flags options without a value
 * @returns {{ options: Map<string, string | true>, rest: string[] }}
 */
function takeOptions(args, withValue, flags) {
  const options = new Map();
  let i = 0;
  while (i < args.length && args[i].startsWith('-')) {
    const arg = args[i];
    const equals = arg.indexOf('=');
    const name = arg.startsWith('--') && equals !== -1 ? arg.slice(0, equals) : arg;
    if (withValue.has(name)) {
      const value = equals !== -1 && arg.startsWith('--') ? arg.slice(equals + 1) : args[++i];
      if (value === undefined) throw new UsageError(`flag needs an argument: ${name}`);
      options.set(name, value);
    } else if (flags.has(arg)) {
      options.set(arg, true);
    } else {
      throw new UsageError(`unknown flag: ${arg}`);
    }
    i++;
  }
  return { options, rest: args.slice(i) };
}

/**
 * Runs one stand-in call and returns its exit status.
 * @param {'docker' | 'docker-compose'} program
 * @param {string[]} argv arguments after the program name
 * @returns {Promise<number>}
 */
export async function runDockerCli(program, argv) {
  const projectDir = findOptionValue(argv, '--project-directory');
  const instanceDir = instanceDirOfProject(projectDir) ?? process.env.SIM_INSTANCE_DIR;
  if (!instanceDir) {
    process.stderr.write(`${program} (simulated): pass --project-directory inside a simulated instance or set SIM_INSTANCE_DIR\n`);
    return 1;
  }
  recordArgv(instanceDir, program, argv);
  const config = readInstanceConfig(instanceDir);

  let composeArgs = argv;
  if (program === 'docker') {
    if (argv[0] !== 'compose') {
      process.stderr.write(`docker (simulated): only 'docker compose' is simulated, not 'docker ${argv.join(' ')}'\n`);
      return 1;
    }
    if (config.faults.composePluginMissing) {
      process.stderr.write("docker: 'compose' is not a docker command.\nSee 'docker --help'\n");
      return 1;
    }
    composeArgs = argv.slice(1);
  }

  try {
    return await runCompose(program, composeArgs, instanceDir, config);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function findOptionValue(argv, name) {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name) return argv[i + 1];
    if (argv[i].startsWith(`${name}=`)) return argv[i].slice(name.length + 1);
  }
  return undefined;
}

async function runCompose(program, args, instanceDir, config) {
  const { options, rest } = takeOptions(args, GLOBAL_OPTIONS_WITH_VALUE, new Set(['--version', '-v']));
  const [command, ...commandArgs] = rest;
  const versionText = program === 'docker' ? V2_VERSION_TEXT : V1_VERSION_TEXT;
  if (options.has('--version') || options.has('-v') || command === 'version') {
    process.stdout.write(`${versionText}\n`);
    return 0;
  }

  const projectDir = path.resolve(String(options.get('--project-directory') ?? path.join(instanceDir, 'project')));
  const context = { instanceDir, config, projectDir, envFile: options.get('--env-file') };
  switch (command) {
    case 'up':
      return composeUp(context, commandArgs);
    case 'exec':
      return composeExec(context, commandArgs);
    case 'restart':
      process.stderr.write(
        'compose restart is rejected by the simulated fleet: restart keeps the container\'s old environment, ' +
          'so a changed .env never takes effect; use up -d --force-recreate\n',
      );
      return 1;
    default:
      process.stderr.write(`${program} (simulated): command ${JSON.stringify(command ?? '')} is not simulated\n`);
      return 1;
  }
}

function checkService(config, services) {
  if (services.length === 0) throw new UsageError('no service given; the refresh script always names its service');
  for (const service of services) {
    if (service !== config.service) throw new UsageError(`no such service: ${service}`);
  }
}

/** Reads the .env like compose v2; returns undefined after printing compose's error. */
function readEnvFile(context) {
  const explicit = context.envFile !== undefined;
  const file = path.resolve(context.projectDir, String(context.envFile ?? '.env'));
  if (!fs.existsSync(file)) {
    if (explicit) {
      process.stderr.write(`couldn't find env file: ${file}\n`);
      return undefined;
    }
    return {};
  }
  try {
    return parseDotenv(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    if (error instanceof DotenvError || error instanceof TemplateError) {
      process.stderr.write(`failed to read ${file}: ${error.message}\n`);
      return undefined;
    }
    throw error;
  }
}

async function composeUp(context, args) {
  const { options, rest: services } = takeOptions(
    args,
    new Set(['--timeout', '-t']),
    new Set(['-d', '--detach', '--force-recreate', '--no-deps', '--no-build', '--no-recreate', '--remove-orphans']),
  );
  checkService(context.config, services);
  if (!options.has('-d') && !options.has('--detach')) {
    throw new UsageError('the simulated compose runs up only detached (-d)');
  }
  const timeoutText = String(options.get('--timeout') ?? options.get('-t') ?? DEFAULT_STOP_TIMEOUT_SECONDS);
  if (!/^\d+$/.test(timeoutText)) throw new UsageError(`invalid argument "${timeoutText}" for "-t, --timeout" flag`);
  const containerName = 'whisperx-cuda';

  if (consumeFault(context.instanceDir, 'recreateFails')) {
    process.stderr.write(`Error response from daemon: simulated failure (fault recreateFails) for container ${containerName}\n`);
    return 1;
  }
  const parsed = readEnvFile(context);
  if (parsed === undefined) return 1;

  let environment = parsed;
  if (consumeFault(context.instanceDir, 'staleEnvAfterRecreate')) {
    environment = await readContainerEnvironment(context.config.port).catch(() => parsed);
  }
  const containerFaults = {
    healthFails: consumeFault(context.instanceDir, 'healthFailsAfterRecreate'),
    neverListens: consumeFault(context.instanceDir, 'healthNeverListensAfterRecreate'),
    startupDelayMs: context.config.faults.startupDelayMs ?? 0,
  };

  const noise = context.config.faults.recreateOutputBytes ?? 0;
  if (noise > 0) process.stdout.write(pullProgress(noise));
  process.stderr.write(` Container ${containerName}  Recreate\n`);
  await stopContainer(context.instanceDir, Number(timeoutText));
  process.stderr.write(` Container ${containerName}  Recreated\n Container ${containerName}  Starting\n`);
  startContainer(context.instanceDir, environment, containerFaults);
  // A real `up -d` returns once the container process runs, before the app listens. Waiting for
  // the listener here only saves the refresh script one health-poll interval per recreate.
  if (!containerFaults.neverListens && !containerFaults.startupDelayMs) {
    await waitUntilListening(context.config.port, STARTUP_WAIT_MS);
  }
  process.stderr.write(` Container ${containerName}  Started\n`);
  return 0;
}

/**
 * Returns about `bytes` bytes of image pull progress: carriage-return progress bars on long
 * lines, as compose prints them to a terminal.
 * @param {number} bytes
 */
function pullProgress(bytes) {
  const parts = [];
  let size = 0;
  for (let layer = 0; size < bytes; layer++) {
    const id = (0x1000000 + layer).toString(16).slice(1).padStart(12, '0');
    for (let percent = 0; percent <= 100 && size < bytes; percent += 5) {
      const bar = `${'='.repeat(percent / 2)}>`.padEnd(51, ' ');
      const part = `\r ${id} Downloading [${bar}]  ${percent * 10}kB/1000kB`;
      parts.push(part);
      size += part.length;
    }
    parts.push(`\n ${id} Pull complete\n`);
  }
  return parts.join('');
}

async function composeExec(context, args) {
  const { rest } = takeOptions(args, new Set(), new Set(['-T', '--no-TTY']));
  const [service, ...command] = rest;
  checkService(context.config, service === undefined ? [] : [service]);
  if (command[0] !== 'printenv' || command.length !== 2) {
    throw new UsageError(`the simulated compose exec runs only "printenv NAME", not ${JSON.stringify(command.join(' '))}`);
  }
  let value;
  try {
    value = await readContainerVariable(context.config.port, command[1]);
  } catch {
    process.stderr.write(`service "${service}" is not running\n`);
    return 1;
  }
  if (value === undefined) return 1;
  process.stdout.write(`${value}\n`);
  return 0;
}
