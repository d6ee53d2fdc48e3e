// Run Command operations: SendCommand, ListCommands, ListCommandInvocations, GetCommandInvocation
// and CancelCommand. Execution itself happens in CommandRunner after SendCommand has returned.
import { randomUUID } from 'node:crypto';
import type { CommandAgent } from '../../types.js';
import { AwsError, validationError } from '../errors.js';
import { emitInvocationEvent, toApiCommand, toApiInvocation, toApiInvocationResult, type CommandRecord, type InvocationRecord } from './command-records.js';
import { executionTimeoutSeconds, resolveCommandParameters } from './command-parameters.js';
import { commandStatus, invocationStatus, MAX_CONCURRENCY_PATTERN, MAX_ERRORS_PATTERN } from './command-status.js';
import type { DocumentStore } from './documents.js';
import type { CommandRunner } from './execution.js';
import {
  optionalBoolean,
  optionalInteger,
  optionalObjectList,
  optionalString,
  optionalStringList,
  optionalStringListMap,
  requireString,
  type JsonInput,
} from './input.js';
import { withExecutionTimeout, type Faults } from '../faults.js';
import { pageToken, paginate } from '../pagination.js';
import { readTargetSelection } from './targets.js';
import type { ServiceContext } from '../context.js';

/** SendCommand TimeoutSeconds limits and default (seconds). */
const TIMEOUT_SECONDS = { min: 30, max: 2_592_000, default: 3600 } as const;
const MAX_COMMENT_LENGTH = 100;

/** The commands of one account and region. */
export class CommandService {
  private readonly commands = new Map<string, CommandRecord>();

  constructor(
    private readonly context: ServiceContext,
    private readonly documents: DocumentStore,
    private readonly agent: CommandAgent,
    private readonly runner: CommandRunner,
    private readonly faults?: Faults,
  ) {}

  /** Returns all commands in the order they were sent. */
  all(): CommandRecord[] {
    return [...this.commands.values()];
  }

  /** Returns the command with this id, or undefined. */
  find(commandId: string): CommandRecord | undefined {
    return this.commands.get(commandId);
  }

  sendCommand(input: JsonInput): JsonInput {
    const documentName = requireString(input, 'DocumentName');
    const document = this.documents.require(documentName);
    const selection = readTargetSelection(optionalStringList(input, 'InstanceIds'), optionalObjectList(input, 'Targets'));
    const requestedParameters = optionalStringListMap(input, 'Parameters') ?? {};
    const resolvedParameters = resolveCommandParameters(documentName, document.content, requestedParameters);
    const maxConcurrency = readRateControl(input, 'MaxConcurrency', MAX_CONCURRENCY_PATTERN, '50');
    const maxErrors = readRateControl(input, 'MaxErrors', MAX_ERRORS_PATTERN, '0');
    const timeoutSeconds = optionalInteger(input, 'TimeoutSeconds', TIMEOUT_SECONDS.min, TIMEOUT_SECONDS.max) ?? TIMEOUT_SECONDS.default;
    const comment = optionalString(input, 'Comment');
    if (comment !== undefined && comment.length > MAX_COMMENT_LENGTH) {
      throw validationError('comment', comment, `Member must have length less than or equal to ${MAX_COMMENT_LENGTH}`);
    }
    if (selection.instanceIds !== undefined) {
      this.checkInstanceIds(selection.instanceIds);
    }

    const requestedDateTime = this.context.now();
    // A planned execution timeout swaps in a changed document; its defaults can change the parameters.
    const planned = this.faults?.takeExecutionTimeout();
    const content = planned === undefined ? document.content : withExecutionTimeout(document.content, planned);
    const parameters = planned === undefined ? resolvedParameters : resolveCommandParameters(documentName, content, requestedParameters);
    const executionTimeout = executionTimeoutSeconds(content, parameters);
    // The command expires after the delivery timeout plus the execution timeout, in whole seconds.
    const expiresAfter = new Date(Math.floor(requestedDateTime.getTime() / 1000 + timeoutSeconds + executionTimeout) * 1000);
    const command: CommandRecord = {
      commandId: randomUUID(),
      documentName,
      document: content,
      comment,
      requestedDateTime,
      expiresAfter,
      parameters: requestedParameters,
      resolvedParameters: parameters,
      instanceIds: selection.instanceIds,
      targets: selection.targets,
      maxConcurrency,
      maxErrors,
      timeoutSeconds,
      executionTimeoutSeconds: executionTimeout,
      detail: 'Pending',
      // AWS counts tag targets only once it has resolved them, after SendCommand returned.
      targetCount: selection.instanceIds?.length ?? 0,
      invocations: [],
      cancelRequested: false,
      cancelledInstanceIds: new Set(),
    };
    this.commands.set(command.commandId, command);
    this.runner.start(command);
    return { Command: toApiCommand(command) };
  }

  listCommands(input: JsonInput): JsonInput {
    const commandId = optionalString(input, 'CommandId');
    const instanceId = optionalString(input, 'InstanceId');
    const filters = readCommandFilters(optionalObjectList(input, 'Filters'));
    let commands = commandId === undefined ? this.all() : [this.requireCommand(commandId)];
    if (instanceId !== undefined) {
      commands = commands.filter((command) =>
        command.invocations.some((invocation) => invocation.instanceId === instanceId) ||
        (command.instanceIds ?? []).includes(instanceId),
      );
    }
    commands = commands.filter((command) =>
      filters.every((filter) => filter(commandStatus(command.detail), command.documentName, command.requestedDateTime)),
    );
    // AWS lists the newest command first.
    commands.reverse();
    const page = paginate(commands, {
      scope: `ListCommands:${JSON.stringify([commandId, instanceId, input['Filters']])}`,
      nextToken: optionalString(input, 'NextToken'),
      pageSize: optionalInteger(input, 'MaxResults', 1, 50) ?? 50,
    });
    return {
      Commands: page.items.map(toApiCommand),
      ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
    };
  }

  listCommandInvocations(input: JsonInput): JsonInput {
    const commandId = optionalString(input, 'CommandId');
    const instanceId = optionalString(input, 'InstanceId');
    const details = optionalBoolean(input, 'Details') ?? false;
    const filters = readCommandFilters(optionalObjectList(input, 'Filters'));
    const commands = commandId === undefined ? this.all().reverse() : [this.requireCommand(commandId)];

    const ended = commands[0] !== undefined && commands[0].detail !== 'Pending' && commands[0].detail !== 'In Progress';
    if (commandId !== undefined && ended && this.faults?.hidesResults(commandId) === true) {
      return { CommandInvocations: [] };
    }

    const rows: Array<{ command: CommandRecord; invocation: InvocationRecord }> = [];
    for (const command of commands) {
      for (const invocation of command.invocations) {
        const included =
          (instanceId === undefined || invocation.instanceId === instanceId) &&
          filters.every((filter) => filter(invocationStatus(invocation.detail), command.documentName, command.requestedDateTime));
        if (included) {
          rows.push({ command, invocation });
        }
      }
    }
    const scope = `ListCommandInvocations:${JSON.stringify([commandId, instanceId, input['Filters']])}`;
    const nextToken = optionalString(input, 'NextToken');
    const page = paginate(rows, { scope, nextToken, pageSize: optionalInteger(input, 'MaxResults', 1, 50) ?? 50 });
    if (this.faults?.takeEmptyPage('ListCommandInvocations') === true) {
      // The token leads back to the items this page should have had.
      return { CommandInvocations: [], NextToken: nextToken ?? pageToken(scope, 0) };
    }
    return {
      CommandInvocations: page.items.map(({ command, invocation }) => toApiInvocation(command, invocation, details)),
      ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
    };
  }

  getCommandInvocation(input: JsonInput): JsonInput {
    const commandId = requireString(input, 'CommandId');
    const instanceId = requireString(input, 'InstanceId');
    const pluginName = optionalString(input, 'PluginName');
    const command = this.commands.get(commandId);
    const invocation = command?.invocations.find((candidate) => candidate.instanceId === instanceId);
    if (command === undefined || invocation === undefined) {
      throw new AwsError(
        'InvocationDoesNotExist',
        `No invocation of command ${commandId} on instance ${instanceId} exists (yet). Invocations appear shortly after SendCommand; retry or list them with ListCommandInvocations.`,
      );
    }
    if (pluginName !== undefined && pluginName !== invocation.pluginName) {
      throw new AwsError('InvalidPluginName', `Command ${commandId} has no plugin ${pluginName}; its plugin is ${invocation.pluginName}.`);
    }
    return toApiInvocationResult(command, invocation);
  }

  cancelCommand(input: JsonInput): JsonInput {
    const command = this.requireCommand(requireString(input, 'CommandId'));
    const instanceIds = optionalStringList(input, 'InstanceIds');
    const wholeCommand = instanceIds === undefined || instanceIds.length === 0;
    if (wholeCommand) {
      command.cancelRequested = command.detail === 'Pending' || command.detail === 'In Progress';
    } else {
      instanceIds.forEach((instanceId) => command.cancelledInstanceIds.add(instanceId));
    }
    for (const invocation of command.invocations) {
      if (!wholeCommand && !instanceIds.includes(invocation.instanceId)) {
        continue;
      }
      if (invocation.detail === 'Pending' || invocation.detail === 'Delayed') {
        invocation.detail = 'Cancelled';
        emitInvocationEvent(this.context, command, invocation);
      } else if (invocation.detail === 'In Progress') {
        // NOTE: the agent contract has no way to stop a running script. The invocation ends as
        // Cancelled when the agent reports, and keeps the output it produced.
        invocation.detail = 'Cancelling';
        invocation.cancelRequested = true;
      }
    }
    return {};
  }

  private requireCommand(commandId: string): CommandRecord {
    const command = this.commands.get(commandId);
    if (command === undefined) {
      throw new AwsError('InvalidCommandId', `Command ${commandId} does not exist in ${this.context.region}. Check the id returned by SendCommand.`);
    }
    return command;
  }

  /** Explicit ids must name managed instances that are not Inactive, as AWS checks at SendCommand. */
  private checkInstanceIds(instanceIds: string[]): void {
    const fleet = this.agent.listInstances();
    for (const instanceId of instanceIds) {
      const instance = fleet.find((candidate) => candidate.instanceId === instanceId);
      if (instance === undefined || instance.pingStatus === 'Inactive') {
        throw new AwsError(
          'InvalidInstanceId',
          `Instance ${instanceId} is not a managed instance in a valid state. Check DescribeInstanceInformation for its PingStatus.`,
        );
      }
    }
  }
}

function readRateControl(input: JsonInput, member: 'MaxConcurrency' | 'MaxErrors', pattern: RegExp, fallback: string): string {
  const value = optionalString(input, member) ?? fallback;
  if (!pattern.test(value)) {
    throw validationError(
      member === 'MaxConcurrency' ? 'maxConcurrency' : 'maxErrors',
      value,
      `Member must satisfy regular expression pattern: ${pattern.source}`,
    );
  }
  return value;
}

type CommandFilter = (status: string, documentName: string, requested: Date) => boolean;

/** ListCommands / ListCommandInvocations filters: Status, DocumentName, InvokedAfter, InvokedBefore. */
function readCommandFilters(filters: JsonInput[] | undefined): CommandFilter[] {
  return (filters ?? []).map((filter) => {
    const key = filter['key'];
    const value = filter['value'];
    if (typeof value !== 'string') {
      throw new AwsError('InvalidFilterKey', `Command filter ${String(key)} needs a string value.`);
    }
    switch (key) {
      case 'Status':
        return (status) => status === value;
      case 'DocumentName':
        return (_status, documentName) => documentName === value;
      case 'InvokedAfter':
        return (_status, _name, requested) => requested.getTime() >= Date.parse(value);
      case 'InvokedBefore':
        return (_status, _name, requested) => requested.getTime() <= Date.parse(value);
      default:
        throw new AwsError('InvalidFilterKey', `Command filter key ${String(key)} is not supported: use Status, DocumentName, InvokedAfter or InvokedBefore.`);
    }
  });
}
