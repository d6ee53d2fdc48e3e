import { SsmRolloutStore } from '../../shared/aws/rollout-store.js';
import type { RolloutState } from '../../shared/rollout/rollout-record.js';
import type { CommandContext } from '../commands/command.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import type { RunResultLabel } from '../messages.js';
import { describeTag } from '../settings.js';
import { followRollout, type FollowEvent, type FollowResult } from './follow.js';

/** Claim states of a rollout that stopped before it finished, so no instance count applies. */
const STOPPED_STATES: ReadonlySet<RolloutState> = new Set(['blocked', 'superseded', 'aborted']);

/** Seconds to wait for the first command or claim of a rollout before giving up. */
const START_TIMEOUT_SECONDS = 120;

/**
 * Follows the rollout of a version and prints its progress: commands, claim states, the count
 * of instances done and every failed instance as it appears. Returns 0 when every instance runs
 * the version, else 1.
 */
export async function followAndReport(
  context: CommandContext,
  request: { version: number; since: Date; commandIds?: string[]; ignoreCommandIds?: string[]; timeoutMinutes: number },
): Promise<ExitCode> {
  const { m, out, settings, io } = context;
  out.note(m.follow.waiting(request.version, context.pollIntervalMs / 1000));

  const result = await followRollout(
    {
      parameter: settings.parameter,
      version: request.version,
      documentName: settings.documentName,
      since: request.since,
      ...(request.commandIds ? { commandIds: request.commandIds } : {}),
      ...(request.ignoreCommandIds ? { ignoreCommandIds: request.ignoreCommandIds } : {}),
    },
    { intervalMs: context.pollIntervalMs, startTimeoutMs: START_TIMEOUT_SECONDS * 1000, timeoutMs: request.timeoutMinutes * 60_000 },
    {
      ssm: context.ssm,
      store: new SsmRolloutStore(settings.statePath, context.ssm),
      now: io.now,
      sleep: io.sleep,
      onEvent: (event) => out.note(describeEvent(context, event)),
    },
  );

  switch (result.outcome) {
    case 'succeeded':
      out.line(out.style('green', m.follow.succeeded(request.version, result.total)));
      return EXIT_CODES.ok;
    case 'failed':
      if (result.reason === 'no_targets') {
        out.line(out.style('red', m.follow.noTargets(describeTag(settings))));
      } else if (result.state !== null && STOPPED_STATES.has(result.state)) {
        out.line(out.style('red', m.follow.stopped(request.version, m.follow.stateLabel[result.state], stopReason(context, result))));
      } else {
        const detail = stopReason(context, result);
        const reason = result.state ? `${m.follow.stateLabel[result.state]}${detail ? `: ${detail}` : ''}` : detail;
        out.line(out.style('red', m.follow.failed(request.version, result.failed, result.total, reason)));
      }
      return EXIT_CODES.failure;
    case 'not_started':
      out.line(out.style('red', m.follow.notStarted(START_TIMEOUT_SECONDS)));
      return EXIT_CODES.failure;
    case 'timed_out':
      out.line(out.style('yellow', m.follow.timedOut(request.timeoutMinutes)));
      return EXIT_CODES.failure;
  }
}

/** Returns the stop reason in the CLI's language when the claim recorded its cause, else the stored text. */
function stopReason(context: CommandContext, result: FollowResult): string | null {
  return result.cause ? context.m.follow.cause(result.cause) : result.reason;
}

function describeEvent(context: CommandContext, event: FollowEvent): string {
  const { m } = context;
  switch (event.kind) {
    case 'command':
      return m.follow.command(event.command.commandId, event.command.tokenVersion ?? '-', event.command.rollback, event.command.targetCount);
    case 'state':
      return m.follow.state(m.follow.stateLabel[event.state]);
    case 'progress':
      return m.follow.progress(event.done, event.total, event.failed);
    case 'failure': {
      const label = m.status.result[event.run.outcome as RunResultLabel] ?? event.run.outcome;
      return m.follow.instanceFailed(event.instanceId, label, event.run.step, event.run.message);
    }
  }
}
