'use strict';
// Builds the SSM Command document (schema 2.2) that runs refresh-token.sh on the instances.
// The script text exists once, in refresh-token.sh; this module wraps it at package time.
// Parameters reach the script as SSM_<name> environment variables (interpolationType ENV_VAR,
// SSM Agent 3.3.2746.0 or later), never as text pasted into the script, and every parameter
// has an allowedPattern so the agent rejects anything else before the script starts.
const fs = require('node:fs');
const path = require('node:path');

const SCRIPT_PATH = path.join(__dirname, 'refresh-token.sh');

/** Document parameters; `env` is the script's environment variable that each one sets. */
const DOCUMENT_PARAMETERS = {
  tokenParameter: {
    env: 'TOKEN_PARAMETER',
    description: 'Name of the SSM parameter (SecureString) that contains the token.',
    allowedPattern: '^/?[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$',
  },
  tokenVersion: {
    env: 'TOKEN_VERSION',
    description: "Parameter version to apply: a version number or the label 'desired'.",
    allowedPattern: '^([1-9][0-9]{0,9}|desired)$',
  },
  rollback: {
    env: 'ROLLBACK',
    description: "'true' allows a version older than the applied one (an operator's rollback).",
    default: 'false',
    allowedPattern: '^(true|false)$',
  },
  envFile: {
    env: 'ENV_FILE',
    description: 'Absolute path of the compose project .env file to rewrite.',
    default: '/home/ec2-user/transcript-summarization/.env',
    allowedPattern: '^/[A-Za-z0-9_.@+-]+(/[A-Za-z0-9_.@+-]+)*$',
  },
  envKey: {
    env: 'ENV_KEY',
    description: 'Variable in the .env file that contains the token.',
    default: 'HF_TOKEN',
    allowedPattern: '^[A-Za-z_][A-Za-z0-9_]{0,127}$',
  },
  composeProjectDir: {
    env: 'COMPOSE_PROJECT_DIR',
    description: 'Absolute path of the docker compose project directory.',
    default: '/home/ec2-user/transcript-summarization',
    allowedPattern: '^/[A-Za-z0-9_.@+-]+(/[A-Za-z0-9_.@+-]+)*$',
  },
  composeService: {
    env: 'COMPOSE_SERVICE',
    description: 'Compose service to recreate.',
    default: 'whisperx_cuda',
    allowedPattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$',
  },
  healthUrl: {
    env: 'HEALTH_URL',
    description: 'Health endpoint of the service on the instance itself (loopback only).',
    default: 'http://localhost:8000/health',
    allowedPattern: '^http://(localhost|127\\.0\\.0\\.1)(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$',
  },
  healthTimeoutSeconds: {
    env: 'HEALTH_TIMEOUT_SECONDS',
    description: 'Seconds to wait for the health endpoint after the recreate.',
    default: '120',
    allowedPattern: '^[1-9][0-9]{0,3}$',
  },
  stopTimeoutSeconds: {
    env: 'STOP_TIMEOUT_SECONDS',
    description: 'Seconds compose gives the old container to finish running work before it is killed.',
    default: '30',
    allowedPattern: '^[0-9]{1,4}$',
  },
  stateDir: {
    env: 'STATE_DIR',
    description: 'Directory for the applied-version state, the lock and the .env backup.',
    default: '/var/lib/hf-token-rotation',
    allowedPattern: '^/[A-Za-z0-9_.@+-]+(/[A-Za-z0-9_.@+-]+)*$',
  },
  hubCheckUrl: {
    env: 'HUB_CHECK_URL',
    description:
      "Hub to check the new token against (GET /api/whoami-v2) before the .env changes: 'https://huggingface.co', " +
      'a loopback http URL, or empty for no check. The token is sent to this host, so no other host is allowed.',
    default: '',
    allowedPattern: '^(https://huggingface\\.co|http://(localhost|127\\.0\\.0\\.1)(:[0-9]{1,5})?)?$',
  },
};

/** Reads the script and returns its lines without the shebang, ready for runCommand. */
function scriptLines(scriptPath = SCRIPT_PATH) {
  const text = fs.readFileSync(scriptPath, 'utf8');
  const lines = text.replace(/\n$/, '').split('\n');
  return lines[0] && lines[0].startsWith('#!') ? lines.slice(1) : lines;
}

/** Lines that copy each SSM_<name> variable of the agent into the script's own variable. */
function prologueLines() {
  return Object.entries(DOCUMENT_PARAMETERS).map(
    ([name, spec]) => `${spec.env}="\${SSM_${name}-}"; export ${spec.env}`,
  );
}

/**
 * Returns the document content as an object (CloudFormation accepts it as `Content`).
 * `options.defaults` replaces parameter defaults (each must still match its allowedPattern).
 */
function buildRefreshDocument(options = {}) {
  const parameters = {};
  const overrides = options.defaults ?? {};
  for (const [name, spec] of Object.entries(DOCUMENT_PARAMETERS)) {
    const fallback = overrides[name] ?? spec.default;
    if (overrides[name] !== undefined && !new RegExp(spec.allowedPattern).test(overrides[name])) {
      throw new Error(`Default "${overrides[name]}" for document parameter ${name} does not match ${spec.allowedPattern}.`);
    }
    parameters[name] = {
      type: 'String',
      description: spec.description,
      allowedPattern: spec.allowedPattern,
      interpolationType: 'ENV_VAR',
      ...(fallback === undefined ? {} : { default: fallback }),
    };
  }
  return {
    schemaVersion: '2.2',
    description:
      'Applies one version of the Hugging Face token from Parameter Store to the compose .env, ' +
      'recreates the service and verifies it. The token value is fetched on the instance.',
    parameters,
    mainSteps: [
      {
        action: 'aws:runShellScript',
        name: 'refreshToken',
        precondition: { StringEquals: ['platformType', 'Linux'] },
        inputs: {
          // NOTE: at this timeout the SSM agent kills the script with SIGKILL, which no trap can
          // catch, so a rewritten .env is not rolled back until the next run. Packaging rejects a
          // timeout below the lock wait, the other steps and two recreates with their waits.
          timeoutSeconds: String(options.timeoutSeconds ?? 900),
          runCommand: [...prologueLines(), ...scriptLines(options.scriptPath)],
        },
      },
    ],
  };
}

module.exports = { DOCUMENT_PARAMETERS, buildRefreshDocument, scriptLines };
