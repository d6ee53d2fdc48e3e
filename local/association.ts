// A simulated State Manager association for the stack's refresh document. It applies the version
// labelled `desired` to the tagged instances, so instances that a rollout missed catch up and a
// rollback (which moves `desired` back) is kept. It sends its runs through the local endpoint as
// SendCommand calls with InstanceIds, so their results come back as Run Command status events like
// any other command.
import { SendCommandCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { ManagedInstance } from './types.js';

/** SendCommand takes at most 50 instance ids per call. */
const MAX_INSTANCE_IDS = 50;
/** SendCommand TimeoutSeconds (delivery timeout, seconds): the API's minimum. */
const DELIVERY_TIMEOUT_SECONDS = 30;

export interface AssociationOptions {
  /** Base URL of the local AWS endpoint. */
  endpointUrl: string;
  region: string;
  /** The refresh document the association runs. */
  documentName: string;
  /** Parameter Store name of the token. */
  tokenParameter: string;
  /** The tag that selects the fleet, as the association's `tag:KEY` target. */
  tagKey: string;
  tagValues: string[];
  /** The managed instances as Systems Manager lists them (the agent's list). */
  instances: () => ManagedInstance[];
  /**
   * How often (ms) the association looks for instances that came online; default 50. 0 turns the
   * watch off, so only `checkOnline()` and `runNow()` start runs.
   */
  pollIntervalMs?: number;
}

/** One run of the association: one SendCommand for the instances it reached. */
export interface AssociationRun {
  commandId: string;
  instanceIds: string[];
  /** `schedule` for `runNow()`, `online` for an instance that came online. */
  reason: 'schedule' | 'online';
}

/**
 * The association `tokenVersion=desired` on every instance with the tag. `runNow()` is one
 * scheduled run on the online instances. An instance that comes online (from `ConnectionLost`
 * or newly registered) gets a run of its own, as an association without `ApplyOnlyAtCronInterval`
 * applies to a target that joins. A scheduled run skips offline instances; they get
 * their run when they come back.
 * NOTE: creating the association does not run it here, so a test decides when the first run
 * happens; AWS applies a new association at once.
 */
export class LocalAssociation {
  private readonly client: SSMClient;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly lastPing = new Map<string, ManagedInstance['pingStatus']>();
  private readonly completed: AssociationRun[] = [];
  private readonly errors: string[] = [];
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: AssociationOptions) {
    this.client = new SSMClient({
      region: options.region,
      endpoint: options.endpointUrl,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    for (const instance of this.tagged()) this.lastPing.set(instance.instanceId, instance.pingStatus);
    const interval = options.pollIntervalMs ?? 50;
    if (interval > 0) {
      this.timer = setInterval(() => {
        // A failed run is kept for `failures()`: the poll has no caller to raise it to.
        this.checkOnline().catch((error: unknown) => this.errors.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error)));
      }, interval);
      this.timer.unref();
    }
  }

  /** Runs the association now on every online tagged instance; resolves with the run (undefined when none is online). */
  async runNow(): Promise<AssociationRun | undefined> {
    const online = this.tagged().filter((instance) => instance.pingStatus === 'Online');
    return this.track(this.send(online.map((instance) => instance.instanceId), 'schedule'));
  }

  /**
   * Starts a run for every tagged instance that is Online now but was not at the last look.
   * The poll calls it; tests call it to act at once. Resolves once its SendCommand returned.
   */
  async checkOnline(): Promise<AssociationRun | undefined> {
    const cameOnline: string[] = [];
    for (const instance of this.tagged()) {
      const before = this.lastPing.get(instance.instanceId);
      this.lastPing.set(instance.instanceId, instance.pingStatus);
      if (instance.pingStatus === 'Online' && before !== 'Online') cameOnline.push(instance.instanceId);
    }
    return this.track(this.send(cameOnline, 'online'));
  }

  /** Returns every run sent so far, oldest first. */
  runs(): AssociationRun[] {
    return [...this.completed];
  }

  /** Errors of runs that the poll started, oldest first. */
  failures(): string[] {
    return [...this.errors];
  }

  /** True while a SendCommand of the association is in flight. */
  busy(): boolean {
    return this.pending.size > 0;
  }

  /** Resolves when no SendCommand of the association is in flight. */
  async whenIdle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Stops watching for instances that come online and closes the client. */
  stop(): void {
    clearInterval(this.timer);
    this.client.destroy();
  }

  private tagged(): ManagedInstance[] {
    const { tagKey, tagValues } = this.options;
    return this.options.instances().filter((instance) => {
      const value = instance.tags[tagKey];
      return value !== undefined && tagValues.includes(value);
    });
  }

  private track<T>(work: Promise<T>): Promise<T> {
    const tracked = work.finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
    return tracked;
  }

  /** Sends one command per 50 instances and returns the first run (undefined for no instance). */
  private async send(instanceIds: string[], reason: AssociationRun['reason']): Promise<AssociationRun | undefined> {
    let first: AssociationRun | undefined;
    for (let start = 0; start < instanceIds.length; start += MAX_INSTANCE_IDS) {
      const batch = instanceIds.slice(start, start + MAX_INSTANCE_IDS);
      const output = await this.client.send(
        new SendCommandCommand({
          DocumentName: this.options.documentName,
          InstanceIds: batch,
          Parameters: { tokenParameter: [this.options.tokenParameter], tokenVersion: ['desired'] },
          TimeoutSeconds: DELIVERY_TIMEOUT_SECONDS,
          Comment: `State Manager association ${reason} run`,
        }),
      );
      const commandId = output.Command?.CommandId;
      if (commandId === undefined) throw new Error(`SendCommand for the association run on ${batch.join(', ')} returned no command id.`);
      const run: AssociationRun = { commandId, instanceIds: batch, reason };
      this.completed.push(run);
      first ??= run;
    }
    return first;
  }
}
