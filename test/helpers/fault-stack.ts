// Shared setup of the fault scenarios: the service stack with the simulated fleet, the simulated
// State Manager association, a gate that pauses invocations, and the checks every scenario ends
// with (each instance's running token and .env, claims, dead letters, leaks).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { LocalAssociation } from '../../local/association.js';
import { createFleet, type SimulatedFleet, type SimulatedInstanceSpec } from '../../local/fleet/fleet.js';
import { LOCAL_REGION, startServiceStack, TOKEN_PARAMETER, type ServiceStack } from '../../local/stack.js';
import type { BusEvent, CommandAgent, InvocationOutcome, InvocationRequest } from '../../local/types.js';
import { SsmRolloutStore } from '../../shared/aws/rollout-store.js';
import { SsmVersionLabels, versionWithLabel, type VersionLabel } from '../../shared/aws/version-labels.js';
import { loadConfig } from '../../shared/config/config.js';
import { createRolloutDeps } from '../../shared/rollout/default-deps.js';
import { parseResultLine } from '../../shared/rollout/result-line.js';
import type { RolloutDeps } from '../../shared/rollout/rollout-deps.js';
import { FINAL_STATES, type RolloutRecord } from '../../shared/rollout/rollout-record.js';
import { fingerprint } from '../../shared/token/fingerprint.js';
import { scanFiles, scanTexts } from './leak-scan.js';
import { generateTestToken } from './token.js';

/** The tag the stack's rollouts target (TARGET_TAG_KEY / TARGET_TAG_VALUES defaults). */
export const FLEET_TAG = { HfTokenConsumer: 'whisperx' } as const;
/** Value of HF_TOKEN in every instance's .env before the first rollout. */
export const TEMPLATE_TOKEN = 'replace-me';
/** Stack name in alert subjects. */
export const STACK_NAME = 'hf-token-rotation-local';

export interface FaultStackOptions {
  /** Prefix of the temporary folder. */
  name: string;
  instances: SimulatedInstanceSpec[];
  /** Settings of the functions on top of the stack's defaults. */
  serviceEnv?: Record<string, string>;
  /** Registers an Incident Manager response plan of this name and configures the functions with it. */
  responsePlan?: string;
}

/** Holds invocations before their script starts, so a scenario can order what runs when. */
export interface InvocationGate {
  /** Holds the next invocation that starts on `instanceId` until `release()`. */
  hold(instanceId: string): void;
  /** Resolves with the command id once an invocation on `instanceId` is held. */
  whenHeld(instanceId: string): Promise<string>;
  /** Lets every held invocation run. */
  release(): void;
}

/** The service, the fleet and the association, with the checks every fault scenario ends with. */
export interface FaultStack extends ServiceStack {
  fleet: SimulatedFleet;
  association: LocalAssociation;
  gate: InvocationGate;
  rootDir: string;
  /** Every token stored so far, by version. */
  tokens: Map<number, string>;
  /** Handler log lines (JSON), for the leak scan. */
  lambdaLog: string[];
  /** Every event the endpoint emitted. */
  events: BusEvent[];
  /** Stores a new random token; resolves with its version and value. */
  rotate(): Promise<{ version: number; token: string }>;
  /** The rollout steps as the functions build them, for calls a scheduled check or the CLI makes. */
  rolloutDeps(): Promise<RolloutDeps>;
  /** Every rollout claim under the state path. */
  claims(): Promise<RolloutRecord[]>;
  /** The version carrying `label` on the token parameter, or null. */
  labelled(label: VersionLabel): Promise<number | null>;
  /** The .env of each instance as the fleet created it. */
  initialEnv: Record<string, string>;
}

/** Starts the stack; the caller stops it in afterAll. */
export async function startFaultStack(options: FaultStackOptions): Promise<FaultStack> {
  const savedEnv = { ...process.env };
  const rootDir = mkdtempSync(join(tmpdir(), `hf-token-${options.name}-`));
  const lambdaLog: string[] = [];
  const events: BusEvent[] = [];
  const gate = new Gate();
  let fleet: SimulatedFleet | undefined;
  const agent: CommandAgent = {
    listInstances: () => fleet?.listInstances() ?? [],
    runInvocation: async (request: InvocationRequest): Promise<InvocationOutcome> => {
      if (!fleet) throw new Error('The simulated fleet is not started yet.');
      await gate.pass(request);
      return fleet.runInvocation(request);
    },
  };

  const planArn =
    options.responsePlan === undefined ? undefined : `arn:aws:ssm-incidents::123456789012:response-plan/${options.responsePlan}`;
  const service = await startServiceStack({
    agent,
    serviceEnv: {
      POWERTOOLS_LOG_LEVEL: 'INFO',
      ...(planArn === undefined ? {} : { INCIDENT_RESPONSE_PLAN_ARN: planArn }),
      ...options.serviceEnv,
    },
    lambdaLog: (line) => lambdaLog.push(line),
    onEvent: (event) => events.push(event),
  });
  if (options.responsePlan !== undefined) {
    expect(service.aws.incidents.createResponsePlan(options.responsePlan)).toBe(planArn);
  }
  fleet = await createFleet({
    rootDir: join(rootDir, 'fleet'),
    instances: options.instances,
    awsEndpointUrl: service.aws.url,
    region: LOCAL_REGION,
  });
  const started = fleet;
  const config = loadConfig();
  const association = new LocalAssociation({
    endpointUrl: service.aws.url,
    region: LOCAL_REGION,
    documentName: service.documentName,
    tokenParameter: TOKEN_PARAMETER,
    tagKey: config.targetTagKey,
    tagValues: config.targetTagValues,
    instances: () => started.listInstances(),
  });
  const tokens = new Map<number, string>();
  const initialEnv = Object.fromEntries(
    options.instances.map((instance) => [instance.instanceId, readFileSync(started.envFilePath(instance.instanceId), 'utf8')]),
  );
  const labels = new SsmVersionLabels(service.ssm);
  const store = new SsmRolloutStore(config.statePath, service.ssm);

  return {
    ...service,
    fleet: started,
    association,
    gate,
    rootDir,
    tokens,
    lambdaLog,
    events,
    initialEnv,
    async rotate() {
      const token = generateTestToken();
      const version = await service.putToken(token);
      tokens.set(version, token);
      return { version, token };
    },
    async rolloutDeps() {
      // Imported here, not at the top: the logger reads its level from the environment that
      // startServiceStack has set only now.
      const { logger } = await import('../../shared/logging/logger.js');
      return createRolloutDeps(config, logger);
    },
    claims: () => store.list(),
    labelled: async (label) => versionWithLabel(await labels.history(TOKEN_PARAMETER), label),
    async settle() {
      // An association run starts commands, and commands start handlers: wait until all are quiet.
      for (;;) {
        await association.checkOnline();
        await association.whenIdle();
        await service.settle();
        if (!association.busy() && !service.aws.busy() && !service.bus.busy()) return;
      }
    },
    async stop() {
      gate.release();
      association.stop();
      await started.stop();
      await service.stop();
      for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
      Object.assign(process.env, savedEnv);
      rmSync(rootDir, { recursive: true, force: true });
    },
  };
}

class Gate implements InvocationGate {
  private readonly holds = new Map<string, number>();
  private readonly waiting: Array<() => void> = [];
  /** Command ids of the invocations held so far, per instance. */
  private readonly held = new Map<string, string[]>();
  private watchers: Array<{ instanceId: string; notify: (commandId: string) => void }> = [];

  hold(instanceId: string): void {
    this.holds.set(instanceId, (this.holds.get(instanceId) ?? 0) + 1);
  }

  whenHeld(instanceId: string): Promise<string> {
    const already = this.held.get(instanceId)?.[0];
    if (already !== undefined) return Promise.resolve(already);
    return new Promise((resolve) => this.watchers.push({ instanceId, notify: resolve }));
  }

  release(): void {
    this.held.clear();
    for (const resume of this.waiting.splice(0)) resume();
  }

  /** Resolves at once, or when released if a hold is planned for the request's instance. */
  async pass(request: InvocationRequest): Promise<void> {
    const planned = this.holds.get(request.instanceId) ?? 0;
    if (planned === 0) return;
    this.holds.set(request.instanceId, planned - 1);
    const released = new Promise<void>((resolve) => this.waiting.push(resolve));
    this.held.set(request.instanceId, [...(this.held.get(request.instanceId) ?? []), request.commandId]);
    const notified = this.watchers.filter((candidate) => candidate.instanceId === request.instanceId);
    this.watchers = this.watchers.filter((candidate) => candidate.instanceId !== request.instanceId);
    for (const watcher of notified) watcher.notify(request.commandId);
    await released;
  }
}

/** Reads the KEY=VALUE lines of an .env other than HF_TOKEN, in order. */
function otherLines(text: string): string[] {
  return text.split('\n').filter((line) => !line.startsWith('HF_TOKEN='));
}

/**
 * Checks that the instance's running container has `token` in its environment and that its .env
 * contains it, with every other line as the fleet created it.
 */
export async function expectInstanceOn(stack: FaultStack, instanceId: string, token: string): Promise<void> {
  const env = readFileSync(stack.fleet.envFilePath(instanceId), 'utf8');

  expect(await stack.fleet.runningFingerprint(instanceId), `running token of ${instanceId}`).toBe(fingerprint(token));
  expect(env.split('\n'), `HF_TOKEN line of ${instanceId}`).toContain(`HF_TOKEN=${token}`);
  expect(otherLines(env), `other .env lines of ${instanceId}`).toEqual(otherLines(stack.initialEnv[instanceId] ?? ''));
}

/** Checks that the instance still runs its first token with its .env unchanged byte for byte. */
export async function expectInstanceUntouched(stack: FaultStack, instanceId: string): Promise<void> {
  expect(await stack.fleet.runningFingerprint(instanceId), `running token of ${instanceId}`).toBe(fingerprint(TEMPLATE_TOKEN));
  expect(readFileSync(stack.fleet.envFilePath(instanceId), 'utf8'), `.env of ${instanceId}`).toBe(stack.initialEnv[instanceId]);
}

/**
 * Checks that nothing was lost: every claim reached a final state, no event went to the dead
 * letters, and `version` is desired.
 */
export async function expectNothingLost(stack: FaultStack, version: number): Promise<void> {
  const open = (await stack.claims()).filter((claim) => !FINAL_STATES.includes(claim.state));

  expect(open.map((claim) => `${claim.version}: ${claim.state}`), 'claims not in a final state').toEqual([]);
  expect(stack.bus.deadLetters.map((event) => event['detail-type']), 'dead letters').toEqual([]);
  expect(await stack.labelled('desired'), 'desired version').toBe(version);
}

/** Returns the state of the claim of `version`. */
export async function claimState(stack: FaultStack, version: number): Promise<string | undefined> {
  return (await stack.claims()).find((claim) => claim.version === version)?.state;
}

/** Counts the calls of `operation` so far that failed with `errorCode` (or all calls when it is omitted). */
export function countCalls(stack: FaultStack, operation: string, errorCode?: string): number {
  return stack.aws.calls().filter((call) => call.operation === operation && (errorCode === undefined || call.errorCode === errorCode)).length;
}

/** Counts the handler log lines so far whose message is `message`. */
export function countLogLines(stack: FaultStack, message: string): number {
  return stack.lambdaLog.filter((line) => (JSON.parse(line) as { message?: string }).message === message).length;
}

/** Returns the alerts published so far, oldest first. */
export function alerts(stack: FaultStack): Array<{ subject: string | undefined; message: string }> {
  return stack.aws.sns.messages(stack.topicArn).map((message) => ({ subject: message.subject, message: message.message }));
}

/** Returns the commands of the refresh document whose comment ends with `wave` and names `version`. */
export function commandsOf(stack: FaultStack, version: number, wave: 'canary' | 'fleet'): string[] {
  return stack.aws.ssm
    .commands()
    .filter((command) => command.comment === `hf-token-rotation ${TOKEN_PARAMETER}:${version} ${wave}`)
    .map((command) => command.commandId);
}

/**
 * Returns, per instance, the versions its scripts applied (result `applied`), in the order the
 * invocations ended.
 */
export function appliedVersions(stack: FaultStack): Record<string, number[]> {
  const applied: Array<{ instanceId: string; version: number; endedAt: number }> = [];
  for (const command of stack.aws.ssm.commands()) {
    for (const invocation of stack.aws.ssm.invocations(command.commandId)) {
      const result = parseResultLine(invocation.stdout);
      if (result?.status !== 'applied' || result.version === null) continue;
      applied.push({ instanceId: invocation.instanceId, version: Number(result.version), endedAt: invocation.endedAt?.getTime() ?? 0 });
    }
  }
  applied.sort((a, b) => a.endedAt - b.endedAt);
  const byInstance: Record<string, number[]> = {};
  for (const entry of applied) (byInstance[entry.instanceId] ??= []).push(entry.version);
  return byInstance;
}

/** Checks that no stored token appears anywhere but in the .env files and their backups. */
export function expectNoLeaks(stack: FaultStack): void {
  const invocations = stack.aws.ssm.commands().flatMap((command) => stack.aws.ssm.invocations(command.commandId));
  const texts: Record<string, string> = {
    lambdaLog: stack.lambdaLog.join('\n'),
    events: JSON.stringify(stack.events),
    alerts: JSON.stringify(stack.aws.sns.messages()),
    incidents: JSON.stringify(stack.aws.incidents.incidents()),
    opsItems: JSON.stringify(stack.aws.ssm.opsItems()),
    commands: JSON.stringify(stack.aws.ssm.commands()),
    stdout: invocations.map((invocation) => invocation.stdout).join('\n'),
    stderr: invocations.map((invocation) => invocation.stderr).join('\n'),
    argv: JSON.stringify(stack.fleet.argvLogs()),
    calls: JSON.stringify(stack.aws.calls()),
    deliveries: JSON.stringify(stack.bus.deliveries),
  };
  const allowed = (path: string) => path.endsWith('/project/.env') || path.endsWith('/state/env.backup');

  expect(stack.lambdaLog.length).toBeGreaterThan(0);
  for (const token of stack.tokens.values()) {
    expect(scanTexts(token, texts)).toEqual([]);
    expect(scanFiles(token, stack.rootDir, allowed)).toEqual([]);
  }
}
