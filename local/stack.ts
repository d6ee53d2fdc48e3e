import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildRefreshDocument } from '../documents/refresh-token-document.cjs';
import { documentName } from '../serverless/settings.cjs';
import { LocalEventBus, stackRules } from './eventbridge.js';
import { startLocalAws, type LocalAws } from './aws/endpoint.js';
import { createFleet, type SimulatedFleet, type SimulatedInstanceSpec } from './fleet/fleet.js';
import { startLocalHub, type LocalHub, type TokenRegistration } from './hub/server.js';
import type { CheckRunResult } from '../shared/staleness/check-staleness.js';
import { lambdaContext } from './lambda-context.js';
import type { BusEvent, CommandAgent } from './types.js';

export const LOCAL_REGION = 'eu-central-1';
export const LOCAL_SERVICE = 'hf-token-rotation';
export const LOCAL_STAGE = 'local';
export const TOKEN_PARAMETER = '/whisperx/hf_token';

export interface ServiceStackOptions {
  /** The instances and their SSM agents, which the endpoint lists and runs at every command. */
  agent: CommandAgent;
  /** Settings of the functions on top of the stack's defaults (same names as in serverless.yml). */
  serviceEnv?: Record<string, string>;
  /** Receives the handlers' structured log lines; by default they are dropped. */
  lambdaLog?: (line: string) => void;
  /** Sees every event the local endpoint emits, before the bus routes it. */
  onEvent?: (event: BusEvent) => void;
  /** Wraps each handler invocation, for measuring it. */
  wrapTarget?: (rule: string, invoke: () => Promise<unknown>) => Promise<unknown>;
}

export interface LocalStackOptions extends Omit<ServiceStackOptions, 'agent'> {
  /** Folder for the simulated instances; created if missing. */
  rootDir: string;
  instances: SimulatedInstanceSpec[];
}

/** The service running locally: endpoint, bus and handlers, with any agent behind them. */
export interface ServiceStack {
  aws: LocalAws;
  /** The local Hugging Face Hub the pre-flight and scheduled checks ask (HUB_BASE_URL). */
  hub: LocalHub;
  bus: LocalEventBus;
  topicArn: string;
  documentName: string;
  /** An SSM client of the kind an operator's tools use, pointed at the local endpoint. */
  ssm: SSMClient;
  /**
   * Stores a new token version as an operator would, and the change event follows. Unless `hub`
   * sets otherwise, the local Hub first registers the token as a valid read token with gated access.
   */
  putToken(value: string, hub?: TokenRegistration | 'unknown'): Promise<number>;
  /** Resolves when no command runs and no event is being handled. */
  settle(): Promise<void>;
  /**
   * Runs the scheduled check once, as its daily schedule would, with the functions' configuration.
   * `clock` moves "now", for example 80 days ahead to show age findings.
   */
  runChecks(clock?: () => Date): Promise<CheckRunResult>;
  stop(): Promise<void>;
}

/** The service with the simulated fleet of sh scripts behind it. */
export interface LocalStack extends ServiceStack {
  fleet: SimulatedFleet;
}

/**
 * Starts the whole service on this machine: the local AWS endpoint, the simulated fleet, the
 * EventBridge stand-in and the real handlers, wired as serverless.yml wires them in AWS.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  mkdirSync(options.rootDir, { recursive: true });
  let fleet: SimulatedFleet | undefined;
  const agent: CommandAgent = {
    listInstances: () => fleet?.listInstances() ?? [],
    runInvocation: (request) => {
      if (!fleet) throw new Error('The simulated fleet is not started yet.');
      return fleet.runInvocation(request);
    },
  };
  const service = await startServiceStack({ ...options, agent });
  fleet = await createFleet({
    rootDir: join(options.rootDir, 'fleet'),
    instances: options.instances,
    awsEndpointUrl: service.aws.url,
    region: LOCAL_REGION,
  });
  const started = fleet;
  return {
    ...service,
    fleet: started,
    async stop() {
      await started.stop();
      await service.stop();
    },
  };
}

/**
 * Starts the local AWS endpoint, the EventBridge stand-in and the real handlers in this process.
 * Sets AWS_ENDPOINT_URL and fake static credentials here, so every SDK client created afterwards
 * (the handlers' included) talks to the local endpoint only.
 */
export async function startServiceStack(options: ServiceStackOptions): Promise<ServiceStack> {
  let bus: LocalEventBus | undefined;
  const hub = await startLocalHub();
  const aws = await startLocalAws({
    agent: options.agent,
    events: (event) => {
      options.onEvent?.(event);
      bus?.put(event);
    },
    region: LOCAL_REGION,
  });

  Object.assign(process.env, {
    AWS_ENDPOINT_URL: aws.url,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;

  const name = documentName(LOCAL_SERVICE, LOCAL_STAGE);
  // The simulated containers start in milliseconds, so a short health wait keeps failures quick.
  aws.createDocument(name, buildRefreshDocument({ timeoutSeconds: 120, defaults: { healthTimeoutSeconds: '3' } }));
  const topicArn = aws.createTopic(`${LOCAL_SERVICE}-${LOCAL_STAGE}-alerts`);

  const serviceEnv: Record<string, string> = {
    WATCHED_PARAMETERS: TOKEN_PARAMETER,
    DOCUMENT_NAME: name,
    TARGET_TAG_KEY: 'HfTokenConsumer',
    TARGET_TAG_VALUES: 'whisperx',
    MAX_CONCURRENCY: '10%',
    MAX_ERRORS: '0',
    DELIVERY_TIMEOUT_SECONDS: '600',
    ALERT_TOPIC_ARN: topicArn,
    ALERT_LANGUAGE: 'en',
    NOTIFY_ON_SUCCESS: 'false',
    STACK_NAME: `${LOCAL_SERVICE}-${LOCAL_STAGE}`,
    STATE_PARAMETER_PATH: `/${LOCAL_SERVICE}/${LOCAL_STAGE}`,
    HUB_BASE_URL: hub.url,
    HUB_TIMEOUT_MS: '2000',
    ...options.serviceEnv,
  };
  Object.assign(process.env, serviceEnv);
  const restoreStdout = divertLambdaLogs(options.lambdaLog ?? (() => undefined));

  // The handlers read their configuration at import, as in Lambda's cold start.
  const { handler: onParameterChange } = await import('../functions/on-parameter-change.js');
  const { handler: onCommandStatus } = await import('../functions/on-command-status.js');
  const wrap = options.wrapTarget ?? ((_rule: string, invoke: () => Promise<unknown>) => invoke());
  bus = new LocalEventBus(
    stackRules({
      service: LOCAL_SERVICE,
      stage: LOCAL_STAGE,
      watchedParameters: (serviceEnv.WATCHED_PARAMETERS ?? TOKEN_PARAMETER).split(','),
      onParameterChange: (event) =>
        wrap('onParameterChange', () => onParameterChange(event as never, lambdaContext('onParameterChange'))),
      onCommandStatus: (event) => wrap('onCommandStatus', () => onCommandStatus(event as never, lambdaContext('onCommandStatus'))),
    }),
  );
  const started = bus;
  const ssm = new SSMClient({ region: LOCAL_REGION, endpoint: aws.url });

  const stack: ServiceStack = {
    aws,
    hub,
    bus: started,
    topicArn,
    documentName: name,
    ssm,
    async putToken(value: string, registration: TokenRegistration | 'unknown' = { role: 'read', gatedAccess: true }) {
      if (registration !== 'unknown') hub.register(value, registration);
      const output = await ssm.send(
        new PutParameterCommand({ Name: TOKEN_PARAMETER, Value: value, Type: 'SecureString', Overwrite: true }),
      );
      return output.Version ?? 0;
    },
    async settle() {
      // Events start commands and commands emit events: wait until both sides are quiet together.
      for (;;) {
        await started.whenIdle();
        await aws.whenIdle();
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (!aws.busy() && !started.busy()) return;
      }
    },
    async runChecks(clock?: () => Date) {
      const { loadConfig } = await import('../shared/config/config.js');
      const { loadCheckConfig } = await import('../shared/config/check-config.js');
      const { logger } = await import('../shared/logging/logger.js');
      const { createStalenessDeps } = await import('../shared/staleness/default-deps.js');
      const { checkStaleness } = await import('../shared/staleness/check-staleness.js');
      const deps = createStalenessDeps({ config: loadConfig(), checks: loadCheckConfig(), logger, ...(clock ? { clock } : {}) });
      return checkStaleness(deps);
    },
    async stop() {
      restoreStdout();
      await aws.close();
      await hub.close();
      ssm.destroy();
    },
  };
  // Operators run the check through Lambda's Invoke (hf-token check), as on a deployed stack.
  aws.lambda.register(`${LOCAL_SERVICE}-${LOCAL_STAGE}-checkStaleness`, () => stack.runChecks());
  return stack;
}

/**
 * Sends the handlers' log lines to `sink` instead of the terminal. Powertools writes JSON lines to
 * stdout, and warnings and errors to stderr. Returns a function that restores both streams.
 */
function divertLambdaLogs(sink: (line: string) => void): () => void {
  const restores = [process.stdout, process.stderr].map((stream) => {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      if (text.startsWith('{"level":')) {
        for (const line of text.split('\n')) if (line) sink(line);
        return true;
      }
      return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    return () => {
      stream.write = original;
    };
  });
  return () => {
    for (const restore of restores) restore();
  };
}
