import { CliError } from '../errors.js';
import { EXIT_CODES } from '../exit-codes.js';
import { readTokenVersions, requireVersion, rollbackTarget } from '../fleet/token-versions.js';
import { startAndReport } from '../rollout/start.js';
import type { CommandDefinition } from './command.js';
import { flagOption, timeoutMinutesOption, versionOption } from './option-values.js';

const DEFAULT_TIMEOUT_MINUTES = 60;

/**
 * `hf-token rollback`: moves `desired` back to the last deployed or the previous version and
 * rolls it out with rollback=true, so that instances may go to the older version.
 */
export const rollbackCommand: CommandDefinition = {
  name: 'rollback',
  options: {
    version: { type: 'string' },
    wait: { type: 'boolean' },
    timeout: { type: 'string' },
  },
  async run(context, values) {
    const { m, settings } = context;
    const requested = versionOption(values, m);
    const timeoutMinutes = timeoutMinutesOption(values, DEFAULT_TIMEOUT_MINUTES, m);

    const versions = await readTokenVersions(context.ssm, settings.parameter);
    const target = requested ?? rollbackTarget(versions);
    if (target === null) throw new CliError(m.rollout.noRollbackTarget, EXIT_CODES.failure);
    requireVersion(versions, target, settings.parameter, m);
    if (requested === null && target === versions.desired) throw new CliError(m.rollout.rollbackTargetIsCurrent(target), EXIT_CODES.failure);

    context.out.line(m.rollout.rollbackRequested(versions.desired, target));
    return startAndReport(context, { version: target, rollback: true, wait: flagOption(values, 'wait'), timeoutMinutes });
  },
};
