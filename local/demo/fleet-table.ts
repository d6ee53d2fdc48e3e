import type { LocalStack } from '../stack.js';
import type { DemoTexts } from './texts.js';

/**
 * Renders one row per instance: its tag, the version its running container has (by matching the
 * container's token fingerprint against the known versions) and its last result.
 */
export async function fleetTable(
  stack: LocalStack,
  instances: Array<{ instanceId: string; tags: Record<string, string> }>,
  versionsByFingerprint: Map<string, string>,
  t: DemoTexts,
): Promise<string[]> {
  const commands = stack.aws.ssm.commands();
  const rows: string[][] = [[...t.tableHeader]];
  for (const instance of instances) {
    const running = await stack.fleet.runningFingerprint(instance.instanceId);
    const last = [...commands]
      .reverse()
      .flatMap((command) => stack.aws.ssm.invocations(command.commandId))
      .find((invocation) => invocation.instanceId === instance.instanceId);
    rows.push([
      instance.instanceId,
      instance.tags.HfTokenConsumer ? t.yes : t.no,
      running ? (versionsByFingerprint.get(running) ?? t.otherToken) : t.noContainer,
      running ?? '-',
      last ? lastRunLabel(last.stdout, last.statusDetails) : t.neverTargeted,
    ]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
}

function lastRunLabel(stdout: string, statusDetails: string): string {
  const match = /HF_TOKEN_ROTATION_RESULT (\{.*\})\s*$/.exec(stdout);
  if (!match?.[1]) return statusDetails;
  const result = JSON.parse(match[1]) as { status: string; step?: string };
  return result.step ? `${result.status} (step ${result.step})` : result.status;
}
