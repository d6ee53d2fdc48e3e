// A host for refresh-token.sh whose `aws`, `docker` and `curl` are tiny sh scripts that return at
// once. A run then costs only the script's own work, which the overhead benchmark measures and
// which lets the crash test kill hundreds of runs within a minute. The fleet's node stand-ins
// are faithful but take about 100 ms per call; these are not faithful beyond what the script
// needs: the "container" is a copy of the .env taken at `compose up`, read back by `printenv`.
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_ENV_TEMPLATE_PATH } from './instance-layout.js';

/** Paths and environment of one instant host. */
export interface InstantHost {
  rootDir: string;
  envFile: string;
  stateDir: string;
  binDir: string;
  /** The .env as the "container" read it at the last `compose up`. */
  containerEnvFile: string;
  /** Environment for running the script, with the inputs for version 1 of the token. */
  environment: Record<string, string>;
}

/** Version that the instant `aws ssm get-parameter` reports. */
export const INSTANT_VERSION = '1';

// The token reaches the stand-in through the environment, because a file or argv would break
// the rule that only the .env and its backup contain it.
const AWS_STANDIN = `#!/bin/sh
case "$1 $2" in
  'ssm get-parameter') printf '%s\\t%s\\n' "$INSTANT_TOKEN" '${INSTANT_VERSION}' ;;
  'ssm put-inventory') printf '{\\n    "Message": ""\\n}\\n' ;;
  *) echo "aws (instant stand-in): $1 $2 is not simulated" >&2; exit 252 ;;
esac
`;

const DOCKER_STANDIN = `#!/bin/sh
container_env="$(dirname "$0")/container.env"
env_file=''
command=''
last=''
for argument in "$@"; do
  if [ "$last" = --env-file ]; then env_file=$argument; fi
  case $argument in up | exec | version) [ -n "$command" ] || command=$argument ;; esac
  last=$argument
done
case $command in
  version) echo 'Docker Compose version v2 (instant stand-in)' ;;
  up) cp "$env_file" "$container_env.tmp" && mv -f "$container_env.tmp" "$container_env" ;;
  exec)
    # printenv NAME: the last assignment of NAME, without single quotes around it.
    value=$(sed -n "s/^[[:space:]]*\\(export[[:space:]]*\\)\\{0,1\\}$last[[:space:]]*=[[:space:]]*//p" "$container_env" | sed -n '$p')
    [ -n "$value" ] || exit 1
    quote="'"
    value=\${value#"$quote"}
    printf '%s\\n' "\${value%"$quote"}"
    ;;
  *) echo "docker (instant stand-in): $* is not simulated" >&2; exit 1 ;;
esac
`;

// Every request is a healthy /health.
const CURL_STANDIN = `#!/bin/sh
printf 200
`;

/** Creates an instant host below rootDir, with the fleet's template .env and a running "container". */
export function createInstantHost(rootDir: string, token: string): InstantHost {
  const projectDir = path.join(rootDir, 'project');
  const stateDir = path.join(rootDir, 'state');
  const binDir = path.join(rootDir, 'bin');
  for (const dir of [projectDir, stateDir, binDir]) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const envFile = path.join(projectDir, '.env');
  fs.copyFileSync(DEFAULT_ENV_TEMPLATE_PATH, envFile);
  fs.chmodSync(envFile, 0o600);
  const containerEnvFile = path.join(binDir, 'container.env');
  fs.copyFileSync(envFile, containerEnvFile);
  fs.writeFileSync(path.join(binDir, 'aws'), AWS_STANDIN, { mode: 0o755 });
  fs.writeFileSync(path.join(binDir, 'docker'), DOCKER_STANDIN, { mode: 0o755 });
  fs.writeFileSync(path.join(binDir, 'curl'), CURL_STANDIN, { mode: 0o755 });

  return {
    rootDir,
    envFile,
    stateDir,
    binDir,
    containerEnvFile,
    environment: {
      PATH: `${binDir}:/usr/bin:/bin`,
      FALLBACK_PATH: '',
      TOKEN_PARAMETER: '/whisperx/hf_token',
      TOKEN_VERSION: INSTANT_VERSION,
      COMPOSE_PROJECT_DIR: projectDir,
      ENV_FILE: envFile,
      STATE_DIR: stateDir,
      HEALTH_URL: 'http://127.0.0.1:8000/health',
      HEALTH_TIMEOUT_SECONDS: '5',
      LOCK_TIMEOUT_SECONDS: '5',
      AWS_SSM_REGION_NAME: 'eu-central-1',
      AWS_SSM_INSTANCE_ID: 'i-0instant000000001',
      INSTANT_TOKEN: token,
    },
  };
}
