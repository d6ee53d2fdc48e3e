import { classifyInvocation, type InstanceOutcome, type InstanceOutcomeKind, type InvocationRecord } from './outcome.js';
import { parseResultLine } from './result-line.js';

/** The result of one command across the fleet. */
export interface RolloutSummary {
  commandId: string;
  commandStatus: string;
  parameter: string | null;
  /** The version the command applied, as requested (`7`) or resolved by the instances. */
  version: string | null;
  /** Fingerprint of the applied version as the instances reported it, if any did. */
  fingerprint: string | null;
  counts: Record<InstanceOutcomeKind, number>;
  /** Every instance, problems first, then by instance id. */
  instances: InstanceOutcome[];
  /** True when every targeted instance runs the version (applied or unchanged) and at least one was targeted. */
  healthy: boolean;
}

const ORDER: InstanceOutcomeKind[] = ['failed', 'rolled_back', 'not_reached', 'pending', 'applied', 'unchanged'];

export function summarizeInvocations(input: {
  commandId: string;
  commandStatus: string;
  parameter: string | null;
  requestedVersion: string | null;
  invocations: InvocationRecord[];
}): RolloutSummary {
  const instances = input.invocations
    .map((invocation) => classifyInvocation(invocation, parseResultLine(invocation.output)))
    .sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || a.instanceId.localeCompare(b.instanceId));

  const counts: Record<InstanceOutcomeKind, number> = {
    applied: 0,
    unchanged: 0,
    rolled_back: 0,
    failed: 0,
    not_reached: 0,
    pending: 0,
  };
  for (const instance of instances) counts[instance.kind] += 1;

  const reported = instances.find((instance) => instance.kind === 'applied' || instance.kind === 'unchanged');
  const healthy = instances.length > 0 && counts.applied + counts.unchanged === instances.length;
  const requested = input.requestedVersion === 'desired' ? null : input.requestedVersion;

  return {
    commandId: input.commandId,
    commandStatus: input.commandStatus,
    parameter: input.parameter,
    version: requested ?? reported?.version ?? input.requestedVersion,
    fingerprint: reported?.fingerprint ?? null,
    counts,
    instances,
    healthy,
  };
}
