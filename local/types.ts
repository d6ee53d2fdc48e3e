// Contracts between the parts of the local stack: the AWS endpoint, the simulated fleet and the
// EventBridge stand-in. Each part implements or consumes these and nothing more of the others.

/** An EventBridge event as AWS delivers it to a Lambda target. */
export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** Receives every event the local endpoint emits (Parameter Store and Run Command events). */
export type EventSink = (event: BusEvent) => void;

/** A managed instance as DescribeInstanceInformation and tag targeting see it. */
export interface ManagedInstance {
  instanceId: string;
  /** AWS spells these `Online`, `ConnectionLost`, `Inactive`. */
  pingStatus: 'Online' | 'ConnectionLost' | 'Inactive';
  platformType: 'Linux';
  computerName: string;
  /** EC2 tags of the instance; tag targets (`tag:KEY`) match against these. */
  tags: Record<string, string>;
}

/** SSM Command document content (schema 2.2) as built from documents/. */
export interface CommandDocumentContent {
  schemaVersion: string;
  description?: string;
  parameters: Record<
    string,
    { type: string; description?: string; default?: string; allowedPattern?: string; interpolationType?: string }
  >;
  mainSteps: Array<{ action: string; name: string; inputs: { runCommand: string[]; timeoutSeconds?: string } }>;
}

/** Request from the local SSM endpoint to the fleet for one invocation of a command. */
export interface InvocationRequest {
  instanceId: string;
  commandId: string;
  documentName: string;
  document: CommandDocumentContent;
  /** Command parameters after defaults were applied, one value each, as the agent receives them. */
  parameters: Record<string, string>;
  /** Execution timeout in seconds (the step's timeoutSeconds). */
  timeoutSeconds: number;
}

/** The outcome of one invocation on one instance, as the SSM agent would report it. */
export interface InvocationOutcome {
  /** `Success` only for exit code 0; `TimedOut` when the execution timeout was hit. */
  status: 'Success' | 'Failed' | 'TimedOut';
  responseCode: number;
  stdout: string;
  stderr: string;
}

/** The simulated fleet: the local endpoint's view of the instances and their SSM agents. */
export interface CommandAgent {
  /** All registered managed instances (online or not), in a stable order. */
  listInstances(): ManagedInstance[];
  /** Runs the document on one online instance and resolves when the script ended. */
  runInvocation(request: InvocationRequest): Promise<InvocationOutcome>;
}
