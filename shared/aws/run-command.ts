import { CancelCommandCommand, ListCommandInvocationsCommand, ListCommandsCommand, SendCommandCommand, SSMClient, type CommandInvocation } from '@aws-sdk/client-ssm';
import type { InvocationRecord } from '../rollout/outcome.js';
import { CLIENT_OPTIONS } from './clients.js';
import { callAws } from './errors.js';

/** Refresh command of a rollout wave: the parameter name and version, never the value. */
export interface RefreshCommandRequest {
  documentName: string;
  parameter: string;
  version: string;
  /** Lets instances move to a version older than the one they run (an operator's rollback). */
  rollback: boolean;
  /** Explicit instances (a canary wave, at most 50), or else every instance with the tag. */
  instanceIds?: string[];
  targetTagKey: string;
  targetTagValues: string[];
  maxConcurrency: string;
  maxErrors: string;
  deliveryTimeoutSeconds: number;
  comment: string;
}

export interface SentCommand {
  commandId: string;
  targetCount: number | null;
}

/** Port for starting commands. */
export interface CommandSender {
  sendRefreshCommand(request: RefreshCommandRequest): Promise<SentCommand>;
}

/** Port for stopping a command that was superseded or aborted. */
export interface CommandCanceller {
  cancelCommand(commandId: string): Promise<void>;
}

export interface CommandInfo {
  /** Pending, InProgress, Success, Cancelled, Failed, TimedOut, Cancelling. */
  status: string | null;
  targetCount: number | null;
}

/** Port for reading results. */
export interface InvocationReader {
  listInvocations(commandId: string): Promise<InvocationRecord[]>;
  /** The command's overall status and target count; nulls when Run Command does not know them yet. */
  describeCommand(commandId: string): Promise<CommandInfo>;
}

/** Run Command adapter for sending the refresh document and reading every invocation. */
export class SsmRunCommand implements CommandSender, InvocationReader, CommandCanceller {
  constructor(private readonly client: SSMClient = new SSMClient(CLIENT_OPTIONS)) {}

  async sendRefreshCommand(request: RefreshCommandRequest): Promise<SentCommand> {
    const key = `${request.documentName} for ${request.parameter}:${request.version}`;
    const output = await callAws('SendCommand', key, () =>
      this.client.send(
        new SendCommandCommand({
          DocumentName: request.documentName,
          ...(request.instanceIds
            ? { InstanceIds: request.instanceIds }
            : { Targets: [{ Key: `tag:${request.targetTagKey}`, Values: request.targetTagValues }] }),
          Parameters: {
            tokenParameter: [request.parameter],
            tokenVersion: [request.version],
            ...(request.rollback ? { rollback: ['true'] } : {}),
          },
          MaxConcurrency: request.maxConcurrency,
          MaxErrors: request.maxErrors,
          TimeoutSeconds: request.deliveryTimeoutSeconds,
          Comment: request.comment.slice(0, 100),
        }),
      ),
    );
    const commandId = output.Command?.CommandId;
    if (!commandId) throw new Error(`SendCommand ${key} returned no command id.`);
    return { commandId, targetCount: output.Command?.TargetCount ?? null };
  }

  async cancelCommand(commandId: string): Promise<void> {
    await callAws('CancelCommand', commandId, () => this.client.send(new CancelCommandCommand({ CommandId: commandId })));
  }

  async describeCommand(commandId: string): Promise<CommandInfo> {
    const output = await callAws('ListCommands', commandId, () => this.client.send(new ListCommandsCommand({ CommandId: commandId })));
    const command = output.Commands?.[0];
    return { status: command?.Status ?? null, targetCount: command?.TargetCount ?? null };
  }

  /** Reads every page, including empty pages that still carry a NextToken. */
  async listInvocations(commandId: string): Promise<InvocationRecord[]> {
    const records: InvocationRecord[] = [];
    let nextToken: string | undefined;
    do {
      const page = await callAws('ListCommandInvocations', commandId, () =>
        this.client.send(
          new ListCommandInvocationsCommand({ CommandId: commandId, Details: true, MaxResults: 50, NextToken: nextToken }),
        ),
      );
      for (const invocation of page.CommandInvocations ?? []) records.push(toRecord(invocation));
      nextToken = page.NextToken;
    } while (nextToken);
    return records;
  }
}

function toRecord(invocation: CommandInvocation): InvocationRecord {
  const plugin = invocation.CommandPlugins?.[0];
  return {
    instanceId: invocation.InstanceId ?? 'unknown',
    instanceName: invocation.InstanceName,
    status: invocation.Status ?? 'Unknown',
    statusDetails: invocation.StatusDetails,
    output: plugin?.Output,
    responseCode: plugin?.ResponseCode,
  };
}
