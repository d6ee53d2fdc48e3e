import type { Messages, RunResultLabel } from '../messages.js';
import { formatTime } from '../format.js';
import { formatTable, type Output } from '../output.js';
import type { FleetStatus, InstanceStatus } from './fleet-status.js';

const RESULT_LABELS: readonly string[] = ['applied', 'unchanged', 'rolled_back', 'failed', 'not_reached', 'pending'];

/** Returns the catalog label of an instance's last run result. */
export function resultLabel(result: string | null, m: Messages): string {
  const key: RunResultLabel = result !== null && RESULT_LABELS.includes(result) ? (result as RunResultLabel) : 'unknown';
  return m.status.result[key];
}

/** Table lines of the instances: id, agent, version, last run, time, source; behind rows in yellow. */
export function instanceTable(instances: InstanceStatus[], m: Messages, out: Output): string[] {
  const header = m.status.columns;
  const rows = [[header.instance, header.agent, header.version, header.result, header.time, header.source]];
  for (const instance of instances) {
    rows.push([
      instance.instanceId,
      instance.pingStatus,
      instance.version === null ? '-' : String(instance.version),
      resultLabel(instance.result, m),
      formatTime(instance.at),
      instance.source === null ? '-' : m.status.source[instance.source],
    ]);
  }
  const lines = formatTable(rows);
  return lines.map((line, index) => {
    if (index === 0) return out.style('bold', line);
    return instances[index - 1]?.behind ? out.style('yellow', line) : line;
  });
}

/** Prints the status for people: versions and labels, the rollout, one row per instance and a verdict. */
export function printStatus(status: FleetStatus, m: Messages, out: Output, now: Date): void {
  out.line(out.style('bold', m.status.heading(status.parameter, status.region, status.stage)));
  const age = status.currentVersionModifiedAt ? m.status.age(now.getTime() - status.currentVersionModifiedAt.getTime()) : '-';
  const rows = [[`  ${m.status.currentVersionLabel}`, m.status.currentVersion(status.currentVersion, formatTime(status.currentVersionModifiedAt), age)]];
  for (const label of ['desired', 'deployed', 'previous'] as const) {
    rows.push([`  ${m.status.labelName[label]}`, status.labels[label] === null ? m.status.labelNotSet : String(status.labels[label])]);
  }
  for (const line of formatTable(rows)) out.line(line);
  if (status.rollout) {
    const state = m.follow.stateLabel[status.rollout.state];
    out.line(`  ${m.status.rollout(status.rollout.version, state, formatTime(new Date(status.rollout.updatedAt)))}`);
  }
  out.line();

  const tag = `${status.tag.key}=${status.tag.values.join(',')}`;
  if (status.instances.length === 0) {
    out.line(out.style('yellow', m.status.noInstances(tag)));
    return;
  }
  out.line(m.status.instancesHeading(tag, status.instances.length));
  for (const line of instanceTable(status.instances, m, out)) out.line(`  ${line}`);
  if (!status.inventoryAvailable) out.line(out.style('dim', m.status.inventoryMissing));
  out.line();

  if (status.behind.length === 0) {
    out.line(out.style('green', m.status.allCurrent(status.instances.length, status.targetVersion)));
  } else {
    out.line(out.style('yellow', m.status.behind(status.behind.length, status.instances.length, status.targetVersion)));
  }
}
