// Runs commands on the simulated fleet after SendCommand has returned: resolves targets, delivers
// invocations to the agent with MaxConcurrency, stops starting new ones once MaxErrors is exceeded,
// and reports every status change as Run Command does.
import type { CommandAgent, InvocationOutcome, ManagedInstance } from '../../types.js';
import type { ServiceContext } from '../context.js';
import {
  commandCounts,
  emitCommandEvent,
  emitInvocationEvent,
  type CommandRecord,
  type InvocationRecord,
} from './command-records.js';
import { finalCommandDetail, isTerminal, resolveRateControl, type InvocationDetail } from './command-status.js';
import { matchTargets } from './targets.js';

/** Timing of delivery to instances that are not Online. */
export interface DeliveryOptions {
  /**
   * How long (ms) an invocation for a `ConnectionLost` instance waits for it to come back Online
   * before it ends as `Delivery Timed Out`. AWS waits for the command's TimeoutSeconds; locally the
   * default of 0 ends it at once so demos and tests need not wait.
   */
  deliveryTimeoutMs: number;
  /** How often (ms) a waiting invocation checks the instance's ping status. */
  pollIntervalMs: number;
  /**
   * Milliseconds between SendCommand and the start of execution. Until then the command has no
   * invocations, which reproduces the window after SendCommand in which AWS lists none yet.
   */
  executionDelayMs: number;
}

/** Grace (seconds) past the execution timeout before the endpoint stops waiting for a silent agent. */
const AGENT_GRACE_SECONDS = 30;

/** Executes commands in the background and tracks which ones still run. */
export class CommandRunner {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly context: ServiceContext,
    private readonly agent: CommandAgent,
    private readonly delivery: DeliveryOptions,
  ) {}

  /** Starts executing `command` `executionDelayMs` after SendCommand, once its response is sent. */
  start(command: CommandRecord): void {
    const execution = new Promise<void>((resolve) => setTimeout(resolve, this.delivery.executionDelayMs))
      .then(() => this.execute(command))
      .catch((error: unknown) => {
        // A bug in the runner must not leave the command open forever: close it as Failed.
        process.stderr.write(`local-aws: execution of command ${command.commandId} failed: ${(error as Error)?.name ?? 'error'}\n`);
        command.detail = 'Failed';
        emitCommandEvent(this.context, command);
      })
      .finally(() => this.running.delete(execution));
    this.running.add(execution);
  }

  /** Returns whether any command is running or scheduled to start. */
  busy(): boolean {
    return this.running.size > 0;
  }

  /** Resolves once no command is running, including commands started while waiting. */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.allSettled([...this.running]);
    }
  }

  private async execute(command: CommandRecord): Promise<void> {
    const instances = this.resolveInstances(command);
    command.targetCount = instances.length;
    command.invocations = instances.map((instance) => this.newInvocation(command, instance));

    for (const invocation of command.invocations) {
      if (command.cancelRequested || command.cancelledInstanceIds.has(invocation.instanceId)) {
        this.finishInvocation(command, invocation, 'Cancelled');
      }
    }

    const concurrency = resolveRateControl(command.maxConcurrency, instances.length, 'concurrency');
    const maxErrors = resolveRateControl(command.maxErrors, instances.length, 'errors');
    let next = 0;
    const worker = async (): Promise<void> => {
      // Once errors exceed MaxErrors no new invocation starts; running ones finish.
      while (commandCounts(command).errors <= maxErrors) {
        const invocation = command.invocations[next];
        next += 1;
        if (invocation === undefined) {
          return;
        }
        if (invocation.detail === 'Pending') {
          await this.deliver(command, invocation);
        }
      }
    };
    const workers = Array.from({ length: Math.min(concurrency, instances.length) }, () => worker());
    await Promise.all(workers);

    for (const invocation of command.invocations) {
      if (invocation.detail === 'Pending') {
        this.finishInvocation(command, invocation, 'Terminated');
      }
    }
    command.detail = finalCommandDetail({
      cancelled: command.cancelRequested,
      targetedByTag: command.targets !== undefined,
      maxErrors,
      invocations: command.invocations.map((invocation) => invocation.detail),
    });
    emitCommandEvent(this.context, command);
  }

  private resolveInstances(command: CommandRecord): ManagedInstance[] {
    const fleet = this.agent.listInstances();
    if (command.targets !== undefined) {
      return matchTargets(fleet, command.targets);
    }
    // Explicit ids were checked at SendCommand; one that left the fleet since is Undeliverable.
    return (command.instanceIds ?? []).map(
      (instanceId) =>
        fleet.find((instance) => instance.instanceId === instanceId) ?? {
          instanceId,
          pingStatus: 'Inactive',
          platformType: 'Linux',
          computerName: '',
          tags: {},
        },
    );
  }

  private newInvocation(command: CommandRecord, instance: ManagedInstance): InvocationRecord {
    return {
      commandId: command.commandId,
      instanceId: instance.instanceId,
      instanceName: instance.computerName,
      pluginName: command.document.mainSteps[0]?.name ?? 'main',
      detail: 'Pending',
      requestedDateTime: command.requestedDateTime,
      responseCode: -1,
      startedAt: undefined,
      endedAt: undefined,
      stdout: '',
      stderr: '',
      cancelRequested: false,
    };
  }

  /** Delivers one invocation: Undeliverable, Delivery Timed Out, or a run on the agent. */
  private async deliver(command: CommandRecord, invocation: InvocationRecord): Promise<void> {
    const status = await this.waitForDelivery(invocation);
    if (isTerminal(invocation.detail)) {
      return;
    }
    if (status !== 'Online') {
      this.finishInvocation(command, invocation, status === 'ConnectionLost' ? 'Delivery Timed Out' : 'Undeliverable');
      return;
    }

    invocation.detail = 'In Progress';
    invocation.startedAt = this.context.now();
    emitInvocationEvent(this.context, command, invocation);
    if (command.detail === 'Pending') {
      command.detail = 'In Progress';
      emitCommandEvent(this.context, command);
    }

    const outcome = await this.run(command, invocation);
    invocation.stdout = outcome.stdout;
    invocation.stderr = outcome.stderr;
    invocation.responseCode = outcome.responseCode;
    const detail: InvocationDetail = invocation.cancelRequested
      ? 'Cancelled'
      : outcome.status === 'Success'
        ? 'Success'
        : outcome.status === 'TimedOut'
          ? 'Execution Timed Out'
          : 'Failed';
    this.finishInvocation(command, invocation, detail);
  }

  /** Waits up to the delivery timeout for the instance to be Online and returns its last ping status. */
  private async waitForDelivery(invocation: InvocationRecord): Promise<ManagedInstance['pingStatus'] | 'Unknown'> {
    const deadline = Date.now() + this.delivery.deliveryTimeoutMs;
    for (;;) {
      const instance = this.agent.listInstances().find((candidate) => candidate.instanceId === invocation.instanceId);
      const status = instance?.pingStatus ?? 'Unknown';
      if (status !== 'ConnectionLost' || Date.now() >= deadline || isTerminal(invocation.detail)) {
        return status;
      }
      invocation.detail = 'Delayed';
      await new Promise((resolve) => setTimeout(resolve, this.delivery.pollIntervalMs));
      if (invocation.detail === 'Delayed') {
        invocation.detail = 'Pending';
      }
    }
  }

  /** Runs the invocation on the agent, with a guard for an agent that never reports a result. */
  private async run(command: CommandRecord, invocation: InvocationRecord): Promise<InvocationOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const guard = new Promise<InvocationOutcome>((resolve) => {
      timer = setTimeout(
        () => resolve({ status: 'TimedOut', responseCode: -1, stdout: '', stderr: 'The local agent did not report a result before the execution timeout.' }),
        (command.executionTimeoutSeconds + AGENT_GRACE_SECONDS) * 1000,
      );
      timer.unref();
    });
    try {
      return await Promise.race([
        this.agent.runInvocation({
          instanceId: invocation.instanceId,
          commandId: command.commandId,
          documentName: command.documentName,
          document: command.document,
          parameters: { ...command.resolvedParameters },
          timeoutSeconds: command.executionTimeoutSeconds,
        }),
        guard,
      ]);
    } catch (error) {
      // Only the error's name is kept: its message comes from the fleet and is not checked for secrets.
      return {
        status: 'Failed',
        responseCode: -1,
        stdout: '',
        stderr: `The local agent failed to run the invocation (${(error as Error)?.name ?? 'error'}).`,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  private finishInvocation(command: CommandRecord, invocation: InvocationRecord, detail: InvocationDetail): void {
    invocation.detail = detail;
    invocation.endedAt = invocation.startedAt === undefined ? undefined : this.context.now();
    emitInvocationEvent(this.context, command, invocation);
  }
}
