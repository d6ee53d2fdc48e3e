import type { SSMClient } from '@aws-sdk/client-ssm';
import { SsmParameterStore } from '../../shared/aws/parameter-store.js';
import { SsmRolloutStore } from '../../shared/aws/rollout-store.js';
import { SsmVersionLabels, versionWithLabel } from '../../shared/aws/version-labels.js';
import type { RolloutRecord } from '../../shared/rollout/rollout-record.js';
import type { CliSettings } from '../settings.js';
import { listTaggedInstances } from './instances.js';
import { readRotationInventory } from './inventory.js';
import { readLastRuns } from './last-runs.js';

/** Source of an instance's row: its inventory item, or the newest command invocations. */
export type RunSource = 'inventory' | 'command';

/** One tagged instance: what it runs now and how its last run ended. */
export interface InstanceStatus {
  instanceId: string;
  computerName: string | null;
  pingStatus: string;
  /** Token version the instance runs; null when neither inventory nor commands show it. */
  version: number | null;
  fingerprint: string | null;
  /** applied, unchanged, rolled_back, failed, not_reached or pending; null without any record. */
  result: string | null;
  /** When the last run ended (inventory AppliedAt, or the invocation's finish time). */
  at: Date | null;
  source: RunSource | null;
  /** True when the instance does not run the target version. */
  behind: boolean;
}

/** Everything `status` shows, in one value; `--json` prints it as is. */
export interface FleetStatus {
  parameter: string;
  region: string;
  stage: string;
  tag: { key: string; values: string[] };
  currentVersion: number;
  currentVersionModifiedAt: Date | null;
  labels: { desired: number | null; deployed: number | null; previous: number | null };
  /** The version every instance should run: `desired`, or the current version without that label. */
  targetVersion: number;
  /** The claim of the target version's rollout, if the stack recorded one. */
  rollout: RolloutRecord | null;
  /** False when no instance has reported the inventory type yet. */
  inventoryAvailable: boolean;
  instances: InstanceStatus[];
  /** Ids of the instances that are behind. */
  behind: string[];
}

/**
 * Reads the token's versions and labels, the tagged instances and what each runs. Inventory is
 * the first source; an instance without an inventory item gets its row from the newest refresh
 * commands instead.
 */
export async function readFleetStatus(ssm: SSMClient, settings: CliSettings): Promise<FleetStatus> {
  const { parameter } = settings;
  const current = await new SsmParameterStore(ssm).currentVersion(parameter);
  const history = await new SsmVersionLabels(ssm).history(parameter);
  const labels = {
    desired: versionWithLabel(history, 'desired'),
    deployed: versionWithLabel(history, 'deployed'),
    previous: versionWithLabel(history, 'previous'),
  };
  const targetVersion = labels.desired ?? current.version;
  const rollout = await new SsmRolloutStore(settings.statePath, ssm).get(parameter, targetVersion);

  const fleet = await listTaggedInstances(ssm, settings.targetTagKey, settings.targetTagValues);
  const inventory = await readRotationInventory(ssm, parameter);
  const needsCommands = fleet.some((instance) => !inventory?.has(instance.instanceId));
  const lastRuns = needsCommands ? await readLastRuns(ssm, settings.documentName, parameter) : null;

  const instances = fleet.map((instance): InstanceStatus => {
    const base = { instanceId: instance.instanceId, computerName: instance.computerName, pingStatus: instance.pingStatus };
    const reported = inventory?.get(instance.instanceId);
    if (reported) {
      return {
        ...base,
        version: reported.version,
        fingerprint: reported.fingerprint,
        result: reported.status,
        at: reported.appliedAt,
        source: 'inventory',
        behind: reported.version !== targetVersion,
      };
    }
    const last = lastRuns?.lastRun.get(instance.instanceId);
    const running = lastRuns?.running.get(instance.instanceId);
    return {
      ...base,
      version: running?.runningVersion ?? null,
      fingerprint: running?.runningFingerprint ?? null,
      result: last?.outcome ?? null,
      at: last?.at ?? null,
      source: last ? 'command' : null,
      behind: (running?.runningVersion ?? null) !== targetVersion,
    };
  });

  return {
    parameter,
    region: settings.region,
    stage: settings.stage,
    tag: { key: settings.targetTagKey, values: settings.targetTagValues },
    currentVersion: current.version,
    currentVersionModifiedAt: current.lastModified,
    labels,
    targetVersion,
    rollout,
    inventoryAvailable: inventory !== null,
    instances,
    behind: instances.filter((instance) => instance.behind).map((instance) => instance.instanceId),
  };
}
