import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { readFleetStatus } from '../fleet/fleet-status.js';
import { instanceTable } from '../fleet/status-view.js';
import { readTokenVersions, requireVersion } from '../fleet/token-versions.js';
import { UsageError } from '../errors.js';
import { startAndReport } from '../rollout/start.js';
import { describeTag } from '../settings.js';
import type { CommandContext, CommandDefinition } from './command.js';
import { flagOption, timeoutMinutesOption, versionOption } from './option-values.js';

const DEFAULT_TIMEOUT_MINUTES = 60;

/**
 * `hf-token rollout`: rolls a stored version out again (default: `desired`, else the current
 * version). `--dry-run` lists the instances the tag selects and what they run now.
 */
export const rolloutCommand: CommandDefinition = {
  name: 'rollout',
  options: {
    version: { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    wait: { type: 'boolean' },
    timeout: { type: 'string' },
  },
  async run(context, values) {
    const { m, settings } = context;
    const requested = versionOption(values, m);
    const timeoutMinutes = timeoutMinutesOption(values, DEFAULT_TIMEOUT_MINUTES, m);
    const dryRun = flagOption(values, 'dry-run');
    if (flagOption(values, 'json') && !dryRun) throw new UsageError(m.errors.requiresOption('--json', '--dry-run'));
    if (dryRun && flagOption(values, 'wait')) throw new UsageError(m.errors.conflictingOptions('--dry-run', '--wait'));

    const versions = await readTokenVersions(context.ssm, settings.parameter);
    const version = requested ?? versions.desired ?? versions.latest;
    requireVersion(versions, version, settings.parameter, m);

    if (dryRun) return printDryRun(context, version, flagOption(values, 'json'));

    return startAndReport(context, { version, rollback: false, wait: flagOption(values, 'wait'), timeoutMinutes });
  },
};

/** Lists the instances a rollout would target, with what they run now; exit 3 when there are none. */
async function printDryRun(context: CommandContext, version: number, json: boolean): Promise<ExitCode> {
  const { m, out, settings } = context;
  const status = await readFleetStatus(context.ssm, settings);
  if (json) {
    out.json({ parameter: settings.parameter, version, tag: status.tag, instances: status.instances });
    return status.instances.length === 0 ? EXIT_CODES.degraded : EXIT_CODES.ok;
  }
  if (status.instances.length === 0) {
    out.line(out.style('yellow', m.rollout.dryRunNoInstances(describeTag(settings))));
    return EXIT_CODES.degraded;
  }
  out.line(m.rollout.dryRunHeading(version, describeTag(settings), status.instances.length));
  for (const line of instanceTable(status.instances, m, out)) out.line(`  ${line}`);
  const offline = status.instances.filter((instance) => instance.pingStatus !== 'Online').length;
  if (offline > 0) out.line(m.rollout.dryRunOffline(offline));
  return EXIT_CODES.ok;
}
