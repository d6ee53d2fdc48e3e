import {
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  type Command,
  type CommandFilter,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { callAws } from '../../shared/aws/errors.js';
import { classifyInvocation, type InstanceOutcomeKind } from '../../shared/rollout/outcome.js';
import { parseResultLine } from '../../shared/rollout/result-line.js';
import { parseVersion } from './versions.js';

/** How many of the newest refresh commands are read when inventory is missing. */
export const MAX_COMMANDS_READ = 20;

/** One instance's last invocation of the refresh document. */
export interface CommandRun {
  commandId: string;
  outcome: InstanceOutcomeKind;
  /** Version the instance runs after this invocation; null when the invocation does not show it. */
  runningVersion: number | null;
  runningFingerprint: string | null;
  at: Date | null;
  step: string | null;
  message: string | null;
}

/** The newest refresh command that targeted the parameter, as ListCommands returns it. */
export interface RefreshCommand {
  commandId: string;
  status: string;
  tokenVersion: string | null;
  rollback: boolean;
  requestedAt: Date | null;
  targetCount: number;
  completedCount: number;
  errorCount: number;
}

/** Lists the newest refresh commands for the parameter, newest first, at most `limit`. */
export async function listRefreshCommands(
  ssm: SSMClient,
  documentName: string,
  parameter: string,
  options: { limit: number; invokedAfter?: Date },
): Promise<RefreshCommand[]> {
  const commands: RefreshCommand[] = [];
  let nextToken: string | undefined;
  const filters: CommandFilter[] = [{ key: 'DocumentName', value: documentName }];
  if (options.invokedAfter) filters.push({ key: 'InvokedAfter', value: options.invokedAfter.toISOString() });
  do {
    const page = await callAws('ListCommands', documentName, () =>
      ssm.send(new ListCommandsCommand({ Filters: filters, MaxResults: 50, NextToken: nextToken })),
    );
    for (const command of page.Commands ?? []) {
      if (command.Parameters?.['tokenParameter']?.[0] !== parameter || !command.CommandId) continue;
      commands.push(toRefreshCommand(command));
      if (commands.length >= options.limit) return commands;
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return commands;
}

/** Reads one command's status line (status and counts) by id. */
export async function readRefreshCommand(ssm: SSMClient, commandId: string): Promise<RefreshCommand | null> {
  const output = await callAws('ListCommands', commandId, () => ssm.send(new ListCommandsCommand({ CommandId: commandId })));
  const command = output.Commands?.[0];
  return command ? toRefreshCommand(command) : null;
}

/** Reads every invocation of one command (all pages) and classifies each instance. */
export async function readCommandRuns(ssm: SSMClient, commandId: string): Promise<Map<string, CommandRun>> {
  const runs = new Map<string, CommandRun>();
  let nextToken: string | undefined;
  do {
    const page = await callAws('ListCommandInvocations', commandId, () =>
      ssm.send(new ListCommandInvocationsCommand({ CommandId: commandId, Details: true, MaxResults: 50, NextToken: nextToken })),
    );
    for (const invocation of page.CommandInvocations ?? []) {
      if (!invocation.InstanceId) continue;
      const plugin = invocation.CommandPlugins?.[0];
      const result = parseResultLine(plugin?.Output);
      const outcome = classifyInvocation(
        {
          instanceId: invocation.InstanceId,
          status: invocation.Status ?? 'Unknown',
          statusDetails: invocation.StatusDetails,
          output: plugin?.Output,
          responseCode: plugin?.ResponseCode,
        },
        result,
      );
      const succeeded = outcome.kind === 'applied' || outcome.kind === 'unchanged';
      // After a rollback or a failure the instance keeps (or returns to) the version it had.
      // Pending and unreached invocations do not show which version the instance runs.
      let runningVersion: number | null = null;
      if (succeeded) runningVersion = parseVersion(outcome.version);
      else if (outcome.kind === 'rolled_back' || outcome.kind === 'failed') runningVersion = parseVersion(outcome.previousVersion);
      runs.set(invocation.InstanceId, {
        commandId,
        outcome: outcome.kind,
        runningVersion,
        runningFingerprint: succeeded ? outcome.fingerprint : null,
        at: plugin?.ResponseFinishDateTime ?? invocation.RequestedDateTime ?? null,
        step: outcome.step,
        message: outcome.message ?? outcome.reason,
      });
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return runs;
}

/** Per instance: the newest invocation, and the newest one that shows which version it runs. */
export interface LastRuns {
  lastRun: Map<string, CommandRun>;
  running: Map<string, CommandRun>;
}

/**
 * Reads the last runs of every instance from the newest refresh commands (at most
 * MAX_COMMANDS_READ). This is the fallback when an instance has no inventory item yet.
 */
export async function readLastRuns(ssm: SSMClient, documentName: string, parameter: string): Promise<LastRuns> {
  const lastRun = new Map<string, CommandRun>();
  const running = new Map<string, CommandRun>();
  const commands = await listRefreshCommands(ssm, documentName, parameter, { limit: MAX_COMMANDS_READ });
  for (const command of commands) {
    const runs = await readCommandRuns(ssm, command.commandId);
    for (const [instanceId, run] of runs) {
      if (!lastRun.has(instanceId)) lastRun.set(instanceId, run);
      if (!running.has(instanceId) && run.runningVersion !== null) running.set(instanceId, run);
    }
  }
  return { lastRun, running };
}

function toRefreshCommand(command: Command): RefreshCommand {
  return {
    commandId: command.CommandId ?? '',
    status: command.Status ?? 'Unknown',
    tokenVersion: command.Parameters?.['tokenVersion']?.[0] ?? null,
    rollback: command.Parameters?.['rollback']?.[0] === 'true',
    requestedAt: command.RequestedDateTime ?? null,
    targetCount: command.TargetCount ?? 0,
    completedCount: command.CompletedCount ?? 0,
    errorCount: command.ErrorCount ?? 0,
  };
}
