import type { AlertPublisher } from '../alerts/alert.js';
import type { ServiceConfig } from '../config/config.js';
import type { ManagedInstances } from '../aws/managed-instances.js';
import type { ParameterStore } from '../aws/parameter-store.js';
import type { RolloutStore } from '../aws/rollout-store.js';
import type { CommandCanceller, CommandSender, InvocationReader } from '../aws/run-command.js';
import type { VersionLabels } from '../aws/version-labels.js';
import type { Escalator } from '../escalation/escalator.js';
import type { StepLogger } from '../logging/logger.js';

/** Verdict of the token check that runs before anything is sent to the fleet. */
export interface PreflightVerdict {
  verdict: 'pass' | 'block' | 'skipped';
  /** Reason for a block or a skipped check; it names the token only by fingerprint. */
  reason?: string;
}

/** Port for the pre-flight check of one token version (Hub validity and gated-model access). */
export interface Preflight {
  /** `value` is the version's token when the caller has read it already; otherwise the check reads it. */
  check(parameter: string, version: number, value?: string): Promise<PreflightVerdict>;
}

/** Everything a rollout step needs, passed in so tests can use fakes. */
export interface RolloutDeps {
  config: ServiceConfig;
  parameters: ParameterStore;
  labels: VersionLabels;
  store: RolloutStore;
  instances: ManagedInstances;
  commands: CommandSender & InvocationReader & CommandCanceller;
  alerts: AlertPublisher;
  escalator: Escalator;
  /** Absent when the pre-flight check is turned off. */
  preflight?: Preflight;
  clock: () => Date;
  /** Waits between re-reads of results; tests pass an instant one. @default setTimeout */
  wait?: (ms: number) => Promise<void>;
  logger: StepLogger;
}

/** Returns the deps' wait, or a real timer when tests did not replace it. */
export function waitOf(deps: Pick<RolloutDeps, 'wait'>): (ms: number) => Promise<void> {
  return deps.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
}
