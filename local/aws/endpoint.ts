// Entry point of the local AWS endpoint: SSM, SNS, CloudTrail and Incident Manager over their real
// wire protocols on 127.0.0.1, so the production SDK clients run unchanged with `endpoint` /
// AWS_ENDPOINT_URL and fake static credentials. Nothing here reaches the network beyond the loopback interface.
import type { AddressInfo } from 'node:net';
import type { CommandAgent, CommandDocumentContent, EventSink } from '../types.js';
import { CloudTrailService, type CloudTrailRecord } from './cloudtrail/service.js';
import { createContext } from './context.js';
import { Faults } from './faults.js';
import { createEndpointServer, type CallRecord } from './server.js';
import type { PublishedMessage, Subscription } from './sns/topics.js';
import { IncidentsService, type Incident } from './incidents/service.js';
import { SnsService } from './sns/service.js';
import { commandCounts, type CommandRecord } from './ssm/command-records.js';
import { commandStatus, invocationStatus, type CommandDetail, type CoarseStatus, type InvocationDetail } from './ssm/command-status.js';
import type { OpsItem } from './ssm/ops-items.js';
import type { ParameterVersionInfo } from './ssm/parameters.js';
import { SsmService } from './ssm/service.js';
import { LocalFunctions, type LocalFunction } from './lambda/functions.js';

/** Options of `startLocalAws`. */
export interface LocalAwsOptions {
  /** The simulated fleet: its instances and the agent that runs invocations on them. */
  agent: CommandAgent;
  /** Receives every Parameter Store and Run Command event. */
  events: EventSink;
  /** Region the clients must sign for; default `eu-central-1`. */
  region?: string;
  /** Account id in ARNs and events; default `123456789012`. */
  accountId?: string;
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Clock for timestamps; tests may fix it. */
  clock?: () => Date;
  /**
   * Milliseconds an invocation for a `ConnectionLost` instance waits for it to come back before it
   * ends as `Delivery Timed Out`; default 0. AWS waits for the command's TimeoutSeconds instead.
   */
  deliveryTimeoutMs?: number;
  /**
   * Milliseconds between SendCommand and the start of execution; default 0. During this window
   * the command has no invocations yet (GetCommandInvocation raises InvocationDoesNotExist), as
   * happens on AWS right after SendCommand.
   */
  executionDelayMs?: number;
}

/** A command as the inspection API shows it. */
export interface CommandSummary {
  commandId: string;
  documentName: string;
  status: CoarseStatus;
  statusDetails: CommandDetail;
  parameters: Record<string, string[]>;
  comment: string | undefined;
  requestedDateTime: Date;
  targetCount: number;
  completedCount: number;
  errorCount: number;
}

/** An invocation as the inspection API shows it, with full output. */
export interface InvocationSummary {
  instanceId: string;
  status: CoarseStatus;
  statusDetails: InvocationDetail;
  responseCode: number;
  stdout: string;
  stderr: string;
  startedAt: Date | undefined;
  endedAt: Date | undefined;
}

/** A running local endpoint with its inspection API. */
export interface LocalAws {
  /** Base URL for the SDK's `endpoint` option, `http://127.0.0.1:PORT`. */
  url: string;
  region: string;
  accountId: string;
  ssm: {
    commands(): CommandSummary[];
    invocations(commandId: string): InvocationSummary[];
    /** Versions of a parameter, oldest first, without values. */
    parameterHistory(name: string): ParameterVersionInfo[];
    /** OpsItems created through CreateOpsItem, oldest first. */
    opsItems(): OpsItem[];
  };
  sns: {
    messages(topicArn?: string): PublishedMessage[];
    subscriptions(topicArn?: string): Subscription[];
    /** Confirms pending subscriptions as if their owners had followed the link; returns how many. */
    confirmSubscriptions(topicArn?: string): number;
  };
  cloudtrail: {
    /** Adds a record (as CloudTrail logs it) to the event history that LookupEvents reads. */
    seed(record: CloudTrailRecord): void;
  };
  incidents: {
    /** Incidents started through StartIncident, oldest first. */
    incidents(): Incident[];
    /** Registers an Incident Manager response plan and returns its ARN. */
    createResponsePlan(name: string): string;
  };
  lambda: {
    /** Offers a function to Lambda's Invoke (RequestResponse) under `name`. */
    register(name: string, handler: LocalFunction): void;
  };
  /** Every API call so far (service, operation, time, outcome); never request bodies. */
  calls(): CallRecord[];
  /** Planned throttling, server errors, delays and Run Command faults. */
  faults: Faults;
  /** Resolves when no command is running. */
  whenIdle(): Promise<void>;
  /** Whether a command is running (or about to start) right now. */
  busy(): boolean;
  /**
   * Creates an SSM Command document from an object, as CreateDocument with JSON content would;
   * the content is checked like CreateDocument's (schema 2.2, steps with runCommand).
   */
  createDocument(name: string, content: CommandDocumentContent | object): void;
  /** Creates an SNS topic (or returns the existing one) and returns its ARN. */
  createTopic(name: string): string;
  /** Stops listening and closes open connections; commands still running are not waited for. */
  close(): Promise<void>;
}

/** Starts the local endpoint on 127.0.0.1 and resolves once it listens. */
export async function startLocalAws(options: LocalAwsOptions): Promise<LocalAws> {
  const context = createContext({
    region: options.region ?? 'eu-central-1',
    accountId: options.accountId ?? '123456789012',
    events: options.events,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  const faults = new Faults();
  const ssm = new SsmService(
    context,
    options.agent,
    {
      deliveryTimeoutMs: options.deliveryTimeoutMs ?? 0,
      pollIntervalMs: 20,
      executionDelayMs: options.executionDelayMs ?? 0,
    },
    faults,
  );
  const sns = new SnsService(context);
  const incidents = new IncidentsService(context);
  const cloudtrail = new CloudTrailService(context);
  const calls: CallRecord[] = [];
  const functions = new LocalFunctions();
  const server = createEndpointServer({ context, ssm, sns, cloudtrail, incidents, functions, faults, calls });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    region: context.region,
    accountId: context.accountId,
    ssm: {
      commands: () => ssm.commands.all().map(summarizeCommand),
      invocations: (commandId) => (ssm.commands.find(commandId)?.invocations ?? []).map((invocation) => ({
        instanceId: invocation.instanceId,
        status: invocationStatus(invocation.detail),
        statusDetails: invocation.detail,
        responseCode: invocation.responseCode,
        stdout: invocation.stdout,
        stderr: invocation.stderr,
        startedAt: invocation.startedAt,
        endedAt: invocation.endedAt,
      })),
      parameterHistory: (name) => ssm.parameters.history(name),
      opsItems: () => ssm.opsItems.all(),
    },
    sns: {
      messages: (topicArn) => sns.topics.messages(topicArn),
      subscriptions: (topicArn) => sns.topics.subscriptions(topicArn),
      confirmSubscriptions: (topicArn) => sns.topics.confirmSubscriptions(topicArn),
    },
    cloudtrail: {
      seed: (record) => cloudtrail.seed(record),
    },
    incidents: {
      incidents: () => incidents.incidents(),
      createResponsePlan: (name) => incidents.createResponsePlan(name),
    },
    lambda: {
      register: (name, handler) => functions.register(name, handler),
    },
    calls: () => calls.map((call) => ({ ...call })),
    faults,
    whenIdle: () => ssm.runner.whenIdle(),
    busy: () => ssm.runner.busy(),
    createDocument: (name, content) => {
      ssm.documents.add(name, content);
    },
    createTopic: (name) => sns.topics.create(name),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        // The SDK keeps connections alive; without this close() would wait for them to time out.
        server.closeAllConnections();
      }),
  };
}

function summarizeCommand(command: CommandRecord): CommandSummary {
  const counts = commandCounts(command);
  return {
    commandId: command.commandId,
    documentName: command.documentName,
    status: commandStatus(command.detail),
    statusDetails: command.detail,
    parameters: structuredClone(command.parameters),
    comment: command.comment,
    requestedDateTime: command.requestedDateTime,
    targetCount: command.targetCount,
    completedCount: counts.completed,
    errorCount: counts.errors,
  };
}
