import type { SSMClient } from '@aws-sdk/client-ssm';
import type { RolloutStore } from '../../shared/aws/rollout-store.js';
import { FINAL_STATES, type RolloutRecord, type RolloutState, type StopCause } from '../../shared/rollout/rollout-record.js';
import { listRefreshCommands, readCommandRuns, readRefreshCommand, type CommandRun, type RefreshCommand } from '../fleet/last-runs.js';

/** Run Command statuses after which a command changes no more. */
const TERMINAL_COMMAND_STATUSES = new Set(['Success', 'Failed', 'Cancelled', 'TimedOut']);
/** Outcomes after which an instance's invocation changes no more. */
const DONE_OUTCOMES = new Set(['applied', 'unchanged', 'rolled_back', 'failed', 'not_reached']);
/** Commands requested this long (ms) before the follow started still count, for clock skew. */
const CLOCK_SKEW_MS = 60_000;

/** Target of a follow: the rollout of one version, started at or after `since`. */
export interface FollowTarget {
  parameter: string;
  version: number;
  documentName: string;
  since: Date;
  /** Command ids already known (from a CLI request); more are discovered on the way. */
  commandIds?: string[];
  /** Commands of an earlier rollout of the same version, which the follow must not count. */
  ignoreCommandIds?: string[];
}

export interface FollowTiming {
  /** Milliseconds between two polls. */
  intervalMs: number;
  /** Milliseconds to wait for the first command or claim before giving up. */
  startTimeoutMs: number;
  /** Milliseconds after which the follow stops even though the rollout still runs. */
  timeoutMs: number;
}

/** Something the operator should see while the rollout runs. */
export type FollowEvent =
  | { kind: 'command'; command: RefreshCommand }
  | { kind: 'state'; state: RolloutState }
  | { kind: 'progress'; done: number; total: number; failed: number }
  | { kind: 'failure'; instanceId: string; run: CommandRun };

export interface FollowDeps {
  ssm: SSMClient;
  store: RolloutStore;
  now(): Date;
  sleep(milliseconds: number): Promise<void>;
  onEvent(event: FollowEvent): void;
}

/** Outcome of a follow. */
export interface FollowResult {
  outcome: 'succeeded' | 'failed' | 'not_started' | 'timed_out';
  done: number;
  total: number;
  failed: number;
  /** Final claim state, when the stack recorded the rollout in a claim. */
  state: RolloutState | null;
  reason: string | null;
  /** Cause of the stop, when the claim recorded one. */
  cause: StopCause | null;
}

/**
 * Polls a rollout until it ends: the claim of the version (when the stack records one) and the
 * refresh commands for the version with their invocations. Reports commands, claim states,
 * progress and every failed instance once, as they appear.
 *
 * Without a claim, the rollout has ended when every command found is terminal in two polls in a
 * row, so that a fleet wave sent right after the canary is still seen.
 */
export async function followRollout(target: FollowTarget, timing: FollowTiming, deps: FollowDeps): Promise<FollowResult> {
  const started = deps.now().getTime();
  const commandIds = new Set<string>();
  const reportedFailures = new Set<string>();
  let lastProgress = '';
  let lastState: RolloutState | null = null;
  let quietPolls = 0;

  for (;;) {
    const claim = await deps.store.get(target.parameter, target.version);
    for (const commandId of [...(target.commandIds ?? []), ...(await discoverCommands(target, claim, deps.ssm))]) {
      if (commandIds.has(commandId)) continue;
      commandIds.add(commandId);
      const command = await readRefreshCommand(deps.ssm, commandId);
      if (command) deps.onEvent({ kind: 'command', command });
    }

    const progress = await readProgress(deps.ssm, [...commandIds]);
    for (const [instanceId, run] of progress.runs) {
      if (!isFailure(run) || reportedFailures.has(instanceId)) continue;
      reportedFailures.add(instanceId);
      deps.onEvent({ kind: 'failure', instanceId, run });
    }
    const counts = { done: progress.done, total: progress.total, failed: progress.failed };
    const key = `${counts.done}/${counts.total}/${counts.failed}`;
    if (commandIds.size > 0 && key !== lastProgress) {
      lastProgress = key;
      deps.onEvent({ kind: 'progress', ...counts });
    }

    if (claim && claim.state !== lastState) {
      lastState = claim.state;
      deps.onEvent({ kind: 'state', state: claim.state });
    }

    if (claim && FINAL_STATES.includes(claim.state)) {
      const succeeded = claim.state === 'completed';
      return { outcome: succeeded ? 'succeeded' : 'failed', ...counts, state: claim.state, reason: claim.reason ?? null, cause: claim.cause ?? null };
    }
    if (!claim && commandIds.size > 0 && progress.allTerminal) {
      quietPolls += 1;
      if (quietPolls >= 2) {
        const succeeded = counts.total > 0 && progress.succeeded === counts.total;
        return { outcome: succeeded ? 'succeeded' : 'failed', ...counts, state: null, reason: counts.total === 0 ? 'no_targets' : null, cause: null };
      }
    } else {
      quietPolls = 0;
    }

    const elapsed = deps.now().getTime() - started;
    if (!claim && commandIds.size === 0 && elapsed >= timing.startTimeoutMs) {
      return { outcome: 'not_started', ...counts, state: null, reason: null, cause: null };
    }
    if (elapsed >= timing.timeoutMs) {
      return { outcome: 'timed_out', ...counts, state: claim?.state ?? null, reason: null, cause: null };
    }
    await deps.sleep(timing.intervalMs);
  }
}

/** Command ids of the rollout: those the claim recorded, and commands sent for the version since the start. */
export async function discoverCommands(target: FollowTarget, claim: RolloutRecord | null, ssm: SSMClient): Promise<string[]> {
  const ids: string[] = [];
  if (claim?.canaryCommandId) ids.push(claim.canaryCommandId);
  if (claim?.fleetCommandId) ids.push(claim.fleetCommandId);
  const recent = await listRefreshCommands(ssm, target.documentName, target.parameter, {
    limit: 50,
    invokedAfter: new Date(target.since.getTime() - CLOCK_SKEW_MS),
  });
  const ignored = new Set(target.ignoreCommandIds ?? []);
  for (const command of recent.reverse()) {
    if (command.tokenVersion === String(target.version) && !ignored.has(command.commandId)) ids.push(command.commandId);
  }
  return ids;
}

interface Progress {
  runs: Map<string, CommandRun>;
  done: number;
  total: number;
  failed: number;
  succeeded: number;
  allTerminal: boolean;
}

function succeeded(run: CommandRun): boolean {
  return run.outcome === 'applied' || run.outcome === 'unchanged';
}

function isFailure(run: CommandRun): boolean {
  return DONE_OUTCOMES.has(run.outcome) && !succeeded(run);
}

/**
 * Combines the commands' invocations per instance; a later command's invocation wins. A command
 * without invocations yet counts with its TargetCount, so the total is known before they appear.
 */
async function readProgress(ssm: SSMClient, commandIds: string[]): Promise<Progress> {
  const runs = new Map<string, CommandRun>();
  let awaitedTargets = 0;
  let allTerminal = true;
  for (const commandId of commandIds) {
    const command = await readRefreshCommand(ssm, commandId);
    if (!command || !TERMINAL_COMMAND_STATUSES.has(command.status)) allTerminal = false;
    const commandRuns = await readCommandRuns(ssm, commandId);
    if (commandRuns.size === 0) awaitedTargets += command?.targetCount ?? 0;
    for (const [instanceId, run] of commandRuns) runs.set(instanceId, run);
  }
  const all = [...runs.values()];
  const done = all.filter((run) => DONE_OUTCOMES.has(run.outcome)).length;
  const succeededCount = all.filter(succeeded).length;
  if (done < all.length) allTerminal = false;
  return { runs, done, total: runs.size + awaitedTargets, failed: done - succeededCount, succeeded: succeededCount, allTerminal };
}
