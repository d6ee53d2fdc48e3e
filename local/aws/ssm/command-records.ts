// Stored commands and invocations, their API shapes and their EventBridge events.
import type { CommandDocumentContent } from '../../types.js';
import { epochSeconds, ssmEvent, type ServiceContext } from '../context.js';
import {
  commandStatus,
  countsAsError,
  invocationStatus,
  isTerminal,
  type CommandDetail,
  type InvocationDetail,
} from './command-status.js';
import type { Target } from './targets.js';

/** A command as the endpoint stores it. */
export interface CommandRecord {
  commandId: string;
  documentName: string;
  document: CommandDocumentContent;
  comment: string | undefined;
  requestedDateTime: Date;
  expiresAfter: Date;
  /** Parameters exactly as requested (no defaults): what AWS shows in history and events. */
  parameters: Record<string, string[]>;
  /** One value per document parameter with defaults applied: what the agent receives. */
  resolvedParameters: Record<string, string>;
  instanceIds: string[] | undefined;
  targets: Target[] | undefined;
  maxConcurrency: string;
  maxErrors: string;
  /** Delivery timeout in seconds (SendCommand `TimeoutSeconds`). */
  timeoutSeconds: number;
  /** Execution timeout in seconds of the document step. */
  executionTimeoutSeconds: number;
  detail: CommandDetail;
  targetCount: number;
  /** Empty until execution has resolved the targets, as right after SendCommand on AWS. */
  invocations: InvocationRecord[];
  /** Set by CancelCommand without InstanceIds: the whole command is cancelled. */
  cancelRequested: boolean;
  /** Instances named in a CancelCommand that came before the targets were resolved. */
  cancelledInstanceIds: Set<string>;
}

/** One invocation (the command on one instance). */
export interface InvocationRecord {
  commandId: string;
  instanceId: string;
  instanceName: string;
  pluginName: string;
  detail: InvocationDetail;
  requestedDateTime: Date;
  /** Exit code of the script; -1 until it ran. */
  responseCode: number;
  startedAt: Date | undefined;
  endedAt: Date | undefined;
  stdout: string;
  stderr: string;
  cancelRequested: boolean;
}

/** Output limits of the API: plugin output in ListCommandInvocations and GetCommandInvocation. */
export const OUTPUT_LIMITS = { pluginOutput: 2500, standardOutput: 24_000, standardError: 8000 } as const;

/** Separator the SSM agent puts between stdout and stderr in a plugin's combined `Output`. */
const ERROR_SEPARATOR = '\n----------ERROR-------\n';

/** Counts over the invocations, as the Command shape reports them. */
export function commandCounts(command: CommandRecord): { completed: number; errors: number; deliveryTimedOut: number } {
  const details = command.invocations.map((invocation) => invocation.detail);
  return {
    completed: details.filter(isTerminal).length,
    errors: details.filter(countsAsError).length,
    deliveryTimedOut: details.filter((detail) => detail === 'Delivery Timed Out').length,
  };
}

/** Returns the `Command` shape of SendCommand and ListCommands. */
export function toApiCommand(command: CommandRecord): Record<string, unknown> {
  const counts = commandCounts(command);
  return {
    CommandId: command.commandId,
    DocumentName: command.documentName,
    DocumentVersion: '$DEFAULT',
    ...(command.comment === undefined ? {} : { Comment: command.comment }),
    ExpiresAfter: epochSeconds(command.expiresAfter),
    Parameters: command.parameters,
    InstanceIds: command.instanceIds ?? [],
    Targets: command.targets ?? [],
    RequestedDateTime: epochSeconds(command.requestedDateTime),
    Status: commandStatus(command.detail),
    StatusDetails: command.detail,
    OutputS3Region: '',
    OutputS3BucketName: '',
    OutputS3KeyPrefix: '',
    MaxConcurrency: command.maxConcurrency,
    MaxErrors: command.maxErrors,
    TargetCount: command.targetCount,
    CompletedCount: counts.completed,
    ErrorCount: counts.errors,
    DeliveryTimedOutCount: counts.deliveryTimedOut,
    ServiceRole: '',
    NotificationConfig: { NotificationArn: '', NotificationEvents: [], NotificationType: '' },
    CloudWatchOutputConfig: { CloudWatchLogGroupName: '', CloudWatchOutputEnabled: false },
    TimeoutSeconds: command.timeoutSeconds,
    TriggeredAlarms: [],
  };
}

/** Returns the `CommandInvocation` shape of ListCommandInvocations; `details` adds CommandPlugins. */
export function toApiInvocation(command: CommandRecord, invocation: InvocationRecord, details: boolean): Record<string, unknown> {
  return {
    CommandId: command.commandId,
    InstanceId: invocation.instanceId,
    InstanceName: invocation.instanceName,
    ...(command.comment === undefined ? {} : { Comment: command.comment }),
    DocumentName: command.documentName,
    DocumentVersion: '$DEFAULT',
    RequestedDateTime: epochSeconds(invocation.requestedDateTime),
    Status: invocationStatus(invocation.detail),
    StatusDetails: invocation.detail,
    TraceOutput: '',
    StandardOutputUrl: '',
    StandardErrorUrl: '',
    CommandPlugins: details ? [toApiPlugin(invocation)] : [],
    ServiceRole: '',
    NotificationConfig: { NotificationArn: '', NotificationEvents: [], NotificationType: '' },
    CloudWatchOutputConfig: { CloudWatchLogGroupName: '', CloudWatchOutputEnabled: false },
  };
}

// NOTE: the agent contract reports one outcome per invocation, so a document with several steps
// shows one plugin named after its first step.
function toApiPlugin(invocation: InvocationRecord): Record<string, unknown> {
  const combined = invocation.stderr === '' ? invocation.stdout : `${invocation.stdout}${ERROR_SEPARATOR}${invocation.stderr}`;
  return {
    Name: invocation.pluginName,
    Status: invocationStatus(invocation.detail),
    StatusDetails: invocation.detail,
    ResponseCode: invocation.responseCode,
    ...(invocation.startedAt === undefined ? {} : { ResponseStartDateTime: epochSeconds(invocation.startedAt) }),
    ...(invocation.endedAt === undefined ? {} : { ResponseFinishDateTime: epochSeconds(invocation.endedAt) }),
    Output: combined.slice(0, OUTPUT_LIMITS.pluginOutput),
    StandardOutputUrl: '',
    StandardErrorUrl: '',
    OutputS3Region: '',
    OutputS3BucketName: '',
    OutputS3KeyPrefix: '',
  };
}

/** Returns the GetCommandInvocation response, whose date members are strings in the API, not timestamps. */
export function toApiInvocationResult(command: CommandRecord, invocation: InvocationRecord): Record<string, unknown> {
  const elapsedSeconds =
    invocation.startedAt !== undefined && invocation.endedAt !== undefined
      ? (invocation.endedAt.getTime() - invocation.startedAt.getTime()) / 1000
      : undefined;
  return {
    CommandId: command.commandId,
    InstanceId: invocation.instanceId,
    ...(command.comment === undefined ? {} : { Comment: command.comment }),
    DocumentName: command.documentName,
    DocumentVersion: '$DEFAULT',
    PluginName: invocation.pluginName,
    ResponseCode: invocation.responseCode,
    ExecutionStartDateTime: invocation.startedAt?.toISOString() ?? '',
    ExecutionElapsedTime: elapsedSeconds === undefined ? '' : `PT${elapsedSeconds.toFixed(3)}S`,
    ExecutionEndDateTime: invocation.endedAt?.toISOString() ?? '',
    Status: invocationStatus(invocation.detail),
    StatusDetails: invocation.detail,
    StandardOutputContent: invocation.stdout.slice(0, OUTPUT_LIMITS.standardOutput),
    StandardOutputUrl: '',
    StandardErrorContent: invocation.stderr.slice(0, OUTPUT_LIMITS.standardError),
    StandardErrorUrl: '',
    CloudWatchOutputConfig: { CloudWatchLogGroupName: '', CloudWatchOutputEnabled: false },
  };
}

/** Returns the EC2 ARN of an instance, as the Run Command events list it in `resources`. */
export function instanceArn(context: ServiceContext, instanceId: string): string {
  return `arn:aws:ec2:${context.region}:${context.accountId}:instance/${instanceId}`;
}

/** Emits `EC2 Command Invocation Status-change Notification` for the invocation's current status. */
export function emitInvocationEvent(context: ServiceContext, command: CommandRecord, invocation: InvocationRecord): void {
  context.emit(
    ssmEvent(context, 'EC2 Command Invocation Status-change Notification', [instanceArn(context, invocation.instanceId)], {
      'command-id': command.commandId,
      'document-name': command.documentName,
      'instance-id': invocation.instanceId,
      'requested-date-time': command.requestedDateTime.toISOString(),
      status: invocationStatus(invocation.detail),
    }),
  );
}

/**
 * Emits `EC2 Command Status-change Notification` for the command's current status. The event
 * repeats the requested parameters in plain text, as AWS does: they must never hold a secret.
 */
export function emitCommandEvent(context: ServiceContext, command: CommandRecord): void {
  context.emit(
    ssmEvent(
      context,
      'EC2 Command Status-change Notification',
      command.invocations.map((invocation) => instanceArn(context, invocation.instanceId)),
      {
        'command-id': command.commandId,
        'document-name': command.documentName,
        'expire-after': command.expiresAfter.toISOString(),
        parameters: command.parameters,
        'requested-date-time': command.requestedDateTime.toISOString(),
        status: commandStatus(command.detail),
      },
    ),
  );
}
