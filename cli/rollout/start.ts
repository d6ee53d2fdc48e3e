import type { CommandContext } from '../commands/command.js';
import { CliError } from '../errors.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { discoverCommands } from './follow.js';
import { followAndReport } from './report.js';

/**
 * Requests the rollout (or rollback) of a version, prints what the request did and, with
 * `wait`, follows the rollout until it ends. A rollout of the version already under way is
 * followed as well; a request that started nothing fails with its reason.
 */
export async function startAndReport(
  context: CommandContext,
  request: { version: number; rollback: boolean; wait: boolean; timeoutMinutes: number },
): Promise<ExitCode> {
  const { m, out, settings } = context;
  const since = context.io.now();
  // Commands of an earlier rollout of this version are still listed; the follow skips them.
  const earlier = request.wait
    ? await discoverCommands({ parameter: settings.parameter, version: request.version, documentName: settings.documentName, since }, null, context.ssm)
    : [];
  const started = await context.control.request({ parameter: settings.parameter, version: request.version, rollback: request.rollback });

  switch (started.action) {
    case 'started':
      out.line(m.rollout.started(request.version, started.wave, started.commandId));
      break;
    case 'already_running': {
      const state = m.follow.stateLabel[started.state as keyof typeof m.follow.stateLabel] ?? started.state;
      out.line(m.rollout.alreadyRunning(request.version, state));
      break;
    }
    case 'superseded':
      throw new CliError(m.rollout.supersededByDesired(request.version, started.desiredVersion), EXIT_CODES.failure);
    case 'blocked':
      throw new CliError(m.rollout.blocked(request.version, started.reason), EXIT_CODES.failure);
    case 'not_started':
      throw new CliError(m.rollout.notStarted(request.version, started.reason), EXIT_CODES.failure);
  }

  if (!request.wait) {
    out.line(m.rollout.followHint);
    return EXIT_CODES.ok;
  }
  const commandIds = started.action === 'started' ? [started.commandId] : [];
  return followAndReport(context, { version: request.version, since, commandIds, ignoreCommandIds: earlier, timeoutMinutes: request.timeoutMinutes });
}
