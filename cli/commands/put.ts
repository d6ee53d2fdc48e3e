import { fingerprint } from '../../shared/token/fingerprint.js';
import { existingKeyId, putTokenVersion } from '../aws/token-parameter.js';
import { CliError, UsageError } from '../errors.js';
import { EXIT_CODES } from '../exit-codes.js';
import { followAndReport } from '../rollout/report.js';
import { readTokenFromEnvFile } from '../token/env-file.js';
import { checkTokenOnHub } from '../token/hub-check.js';
import { readTokenFromStdin } from '../token/read-stdin.js';
import { tokenShapeProblems } from '../token/shape.js';
import type { CommandContext, CommandDefinition, OptionValues } from './command.js';
import { flagOption, stringOption, timeoutMinutesOption } from './option-values.js';

const DEFAULT_ENV_KEY = 'HF_TOKEN';
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Minutes `--wait` follows the rollout by default. */
const DEFAULT_TIMEOUT_MINUTES = 60;

/**
 * `hf-token put`: reads a token from stdin or a .env file, checks its shape and stores it as a
 * new SecureString version. The event-driven rollout starts by itself; `--wait` follows it.
 */
export const putCommand: CommandDefinition = {
  name: 'put',
  options: {
    'from-env-file': { type: 'string' },
    'env-key': { type: 'string' },
    'kms-key-id': { type: 'string' },
    'hub-check': { type: 'boolean' },
    wait: { type: 'boolean' },
    timeout: { type: 'string' },
  },
  async run(context, values) {
    const { m, out, settings } = context;
    const timeoutMinutes = timeoutMinutesOption(values, DEFAULT_TIMEOUT_MINUTES, m);
    const token = await readToken(context, values);
    // From here on every line the CLI prints is scrubbed of the value.
    out.addSecret(token);

    const problems = tokenShapeProblems(token);
    if (problems.length > 0) throw new CliError(m.put.shapeInvalid(problems, token.length), EXIT_CODES.failure);
    if (flagOption(values, 'hub-check')) await checkTokenOnHub(context, token, context.language);

    const keyId = stringOption(values, 'kms-key-id') ?? (await existingKeyId(context.ssm, settings.parameter));
    const since = context.io.now();
    const version = await putTokenVersion(context.ssm, { parameter: settings.parameter, value: token, keyId });
    out.line(out.style('green', m.put.stored(settings.parameter, version, fingerprint(token))));
    out.line(m.put.kmsKey(keyId));

    if (!flagOption(values, 'wait')) {
      out.line(m.put.rolloutStartsByItself);
      return EXIT_CODES.ok;
    }
    return followAndReport(context, { version, since, timeoutMinutes });
  },
};

/** Reads the token from --from-env-file when given, else from standard input. */
async function readToken(context: CommandContext, values: OptionValues): Promise<string> {
  const { m, io, out } = context;
  const envFile = stringOption(values, 'from-env-file');
  const envKey = stringOption(values, 'env-key');
  if (envKey !== undefined && envFile === undefined) throw new UsageError(m.errors.requiresOption('--env-key', '--from-env-file'));
  if (envFile === undefined) return readTokenFromStdin(io.stdin, m, (text) => out.prompt(text));

  const key = envKey ?? DEFAULT_ENV_KEY;
  if (!ENV_KEY.test(key)) throw new UsageError(m.errors.invalidEnvKey(key));
  return readTokenFromEnvFile(envFile, key, (name) => io.env[name], m);
}
