// Shared setup for the local endpoint tests: a started endpoint, real SDK clients pointed at it,
// a fake fleet agent, captured events and generated test tokens.
import { randomInt } from 'node:crypto';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { startLocalAws, type LocalAws, type LocalAwsOptions } from '../../local/aws/endpoint.js';
import type {
  BusEvent,
  CommandAgent,
  CommandDocumentContent,
  InvocationOutcome,
  InvocationRequest,
  ManagedInstance,
} from '../../local/types.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const REGION = 'eu-central-1';
export const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Returns a test token: `hf_` and 34 random letters and digits, made at run time. */
export function generateToken(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let token = 'hf_';
  for (let index = 0; index < 34; index += 1) {
    token += alphabet[randomInt(alphabet.length)];
  }
  return token;
}

/** Builds a managed instance with an id derived from `index`. */
export function instance(index: number, tags: Record<string, string>, pingStatus: ManagedInstance['pingStatus'] = 'Online'): ManagedInstance {
  return {
    instanceId: `i-${index.toString(16).padStart(17, '0')}`,
    pingStatus,
    platformType: 'Linux',
    computerName: `gpu-${index}`,
    tags,
  };
}

/** A fake fleet agent: outcomes come from `decide`, and requests are recorded. */
export class FakeAgent implements CommandAgent {
  readonly requests: InvocationRequest[] = [];
  /** Largest number of invocations that ran at the same time. */
  maxRunning = 0;
  private running = 0;

  constructor(
    public instances: ManagedInstance[],
    private readonly decide: (request: InvocationRequest) => InvocationOutcome | Promise<InvocationOutcome> = () => success(),
  ) {}

  listInstances(): ManagedInstance[] {
    return this.instances;
  }

  async runInvocation(request: InvocationRequest): Promise<InvocationOutcome> {
    this.requests.push(request);
    this.running += 1;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      // Yield a few times so that concurrent invocations overlap as they would on real instances.
      await new Promise((resolve) => setTimeout(resolve, 5));
      return await this.decide(request);
    } finally {
      this.running -= 1;
    }
  }
}

/** Returns a successful outcome with optional output. */
export function success(stdout = 'ok\n'): InvocationOutcome {
  return { status: 'Success', responseCode: 0, stdout, stderr: '' };
}

/** Returns a failed outcome. */
export function failure(stderr = 'failed\n', responseCode = 1): InvocationOutcome {
  return { status: 'Failed', responseCode, stdout: '', stderr };
}

/** A small document with two parameters, one with a default. */
export const TEST_DOCUMENT: CommandDocumentContent = {
  schemaVersion: '2.2',
  description: 'Test document',
  parameters: {
    tokenParameter: { type: 'String', allowedPattern: '^/?[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$' },
    tokenVersion: { type: 'String', allowedPattern: '^([1-9][0-9]{0,9}|desired)$' },
    rollback: { type: 'String', default: 'false', allowedPattern: '^(true|false)$' },
  },
  mainSteps: [{ action: 'aws:runShellScript', name: 'refreshToken', inputs: { runCommand: ['echo ok'], timeoutSeconds: '120' } }],
};

/** A started endpoint with clients, the events it emitted and everything it printed to stderr. */
export interface TestEndpoint {
  aws: LocalAws;
  ssm: SSMClient;
  sns: SNSClient;
  events: BusEvent[];
  close(): Promise<void>;
}

/** Starts the endpoint with `agent` and returns SDK clients that retry without delay. */
export async function startTestEndpoint(agent: CommandAgent, options: Partial<LocalAwsOptions> = {}): Promise<TestEndpoint> {
  const events: BusEvent[] = [];
  const aws = await startLocalAws({ agent, events: (event) => events.push(event), ...options });
  const clientOptions = {
    region: REGION,
    endpoint: aws.url,
    credentials: CREDENTIALS,
    retryStrategy: new ConfiguredRetryStrategy(3, () => 0),
  };
  const ssm = new SSMClient(clientOptions);
  const sns = new SNSClient(clientOptions);
  return {
    aws,
    ssm,
    sns,
    events,
    async close() {
      ssm.destroy();
      sns.destroy();
      await aws.whenIdle();
      await aws.close();
    },
  };
}

/** Captures everything written to stdout and stderr until `restore` is called. */
export function captureOutput(): { text(): string; restore(): void } {
  const chunks: string[] = [];
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const stderrWrite = process.stderr.write.bind(process.stderr);
  const capture = (chunk: unknown): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  return {
    text: () => chunks.join(''),
    restore() {
      process.stdout.write = stdoutWrite;
      process.stderr.write = stderrWrite;
    },
  };
}
