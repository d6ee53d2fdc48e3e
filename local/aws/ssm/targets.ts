// Target selection for SendCommand: explicit InstanceIds or `tag:KEY` / `tag-key` / `InstanceIds`
// targets, resolved against the fleet's managed instances.
import type { ManagedInstance } from '../../types.js';
import { AwsError, validationError } from '../errors.js';

/** One SendCommand target as the API defines it. */
export interface Target {
  Key: string;
  Values: string[];
}

const INSTANCE_ID = /^(i-([0-9a-f]{8}|[0-9a-f]{17})|mi-[0-9a-f]{17})$/;
/** SendCommand quotas: 50 instance ids, 5 targets, 50 values per target. */
const MAX_INSTANCE_IDS = 50;
const MAX_TARGETS = 5;
const MAX_TARGET_VALUES = 50;

/** Checks the InstanceIds / Targets members of SendCommand and returns them in one form. */
export function readTargetSelection(
  instanceIds: string[] | undefined,
  rawTargets: Array<Record<string, unknown>> | undefined,
): { instanceIds: string[] | undefined; targets: Target[] | undefined } {
  const hasIds = instanceIds !== undefined && instanceIds.length > 0;
  const hasTargets = rawTargets !== undefined && rawTargets.length > 0;
  if (hasIds === hasTargets) {
    throw new AwsError('ValidationException', 'Specify either InstanceIds or Targets in SendCommand, not both and not neither.');
  }
  if (hasIds) {
    if (instanceIds.length > MAX_INSTANCE_IDS) {
      throw validationError('instanceIds', `${instanceIds.length} ids`, `Member must have length less than or equal to ${MAX_INSTANCE_IDS}`);
    }
    for (const id of instanceIds) {
      if (!INSTANCE_ID.test(id)) {
        throw new AwsError('InvalidInstanceId', `Instance id ${id} is not valid: expected i-xxxxxxxx, i-xxxxxxxxxxxxxxxxx or mi-xxxxxxxxxxxxxxxxx.`);
      }
    }
    return { instanceIds: [...new Set(instanceIds)], targets: undefined };
  }
  const targets = (rawTargets ?? []).map(readTarget);
  if (targets.length > MAX_TARGETS) {
    throw validationError('targets', `${targets.length} targets`, `Member must have length less than or equal to ${MAX_TARGETS}`);
  }
  return { instanceIds: undefined, targets };
}

function readTarget(raw: Record<string, unknown>): Target {
  const key = raw['Key'];
  const values = raw['Values'];
  if (typeof key !== 'string' || !Array.isArray(values) || values.some((value) => typeof value !== 'string')) {
    throw new AwsError('InvalidTarget', 'Each target needs a Key and a list of string Values, for example {Key: "tag:Role", Values: ["gpu"]}.');
  }
  if (values.length === 0 || values.length > MAX_TARGET_VALUES) {
    throw new AwsError('InvalidTarget', `Target ${key} needs 1 to ${MAX_TARGET_VALUES} values (got ${values.length}).`);
  }
  if (!key.startsWith('tag:') && key !== 'tag-key' && key !== 'InstanceIds') {
    throw new AwsError('InvalidTarget', `Target key ${key} is not supported locally: use tag:KEY, tag-key or InstanceIds.`);
  }
  return { Key: key, Values: values as string[] };
}

/**
 * Returns the instances that match every target (values of one target are alternatives), in the
 * fleet's order. Instances of every ping status match; delivery decides what happens to them.
 */
export function matchTargets(instances: readonly ManagedInstance[], targets: readonly Target[]): ManagedInstance[] {
  return instances.filter((instance) => targets.every((target) => matchesTarget(instance, target)));
}

function matchesTarget(instance: ManagedInstance, target: Target): boolean {
  if (target.Key === 'InstanceIds') {
    return target.Values.includes(instance.instanceId);
  }
  if (target.Key === 'tag-key') {
    return target.Values.some((key) => Object.hasOwn(instance.tags, key));
  }
  const tagKey = target.Key.slice('tag:'.length);
  const value = instance.tags[tagKey];
  return value !== undefined && target.Values.includes(value);
}
