import type { TaggedInstance, TokenInventoryEntry } from './aws/fleet-inventory.js';
import { finding, type Finding, type InstanceVersion } from './finding.js';

/**
 * Lists tagged instances that are online but whose inventory does not show the desired version
 * (skipped while that version's rollout runs), and tagged instances that are not online.
 */
export function coverageFindings(
  parameter: string,
  desiredVersion: number,
  instances: TaggedInstance[],
  inventory: Map<string, TokenInventoryEntry[]>,
  active: boolean,
): Finding[] {
  const findings: Finding[] = [];
  const offline = instances.filter((instance) => instance.pingStatus !== 'Online');
  const notCurrent: InstanceVersion[] = [];
  for (const instance of instances) {
    if (instance.pingStatus !== 'Online') continue;
    const entry = inventory.get(instance.instanceId)?.find((candidate) => sameParameter(candidate.parameter, parameter));
    if (entry?.version === String(desiredVersion)) continue;
    notCurrent.push({ instanceId: instance.instanceId, version: entry?.version ?? null, status: entry?.status ?? null });
  }

  if (notCurrent.length > 0 && !active) {
    findings.push(finding(parameter, 'not_current', 'warning', { kind: 'instances_not_current', desiredVersion, instances: notCurrent }));
  }
  if (offline.length > 0) {
    findings.push(
      finding(parameter, 'offline', 'warning', {
        kind: 'instances_offline',
        instances: offline.map((instance) => ({ instanceId: instance.instanceId, pingStatus: instance.pingStatus })),
      }),
    );
  }
  return findings;
}

/** Compares names with and without the leading slash, because the script may report either. */
function sameParameter(reported: string, parameter: string): boolean {
  return reported.replace(/^\//, '') === parameter.replace(/^\//, '');
}
