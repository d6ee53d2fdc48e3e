import { VERSION_LABELS, versionWithLabel, type VersionInfo } from '../aws/version-labels.js';
import { FINAL_STATES, type RolloutRecord } from '../rollout/rollout-record.js';
import { finding, type Finding } from './finding.js';

/**
 * Hours a rollout in a non-final state counts as running. Its commands end far sooner: delivery
 * timeout plus execution timeout per wave, 25 minutes with the stack defaults. A record not
 * updated for longer is treated as drift.
 */
export const ACTIVE_ROLLOUT_HOURS = 6;

/** Checks whether the rollout of `version` is running now, so that drift and stale instances are expected. */
export function rolloutActive(records: RolloutRecord[], parameter: string, version: number, now: Date): boolean {
  const record = records.find((candidate) => candidate.parameter === parameter && candidate.version === version);
  if (record === undefined || FINAL_STATES.includes(record.state)) return false;
  const updated = Date.parse(record.updatedAt);
  return Number.isFinite(updated) && now.getTime() - updated < ACTIVE_ROLLOUT_HOURS * 3_600_000;
}

/**
 * Compares the labels with the newest version: no `desired` label at all, `desired` older than
 * the newest version, or `desired` not confirmed as `deployed` (unless its rollout is running).
 */
export function driftFindings(parameter: string, history: VersionInfo[], active: boolean): Finding[] {
  const latest = history.reduce((max, entry) => Math.max(max, entry.version), 0);
  if (latest === 0) return [];
  const desired = versionWithLabel(history, VERSION_LABELS.desired);
  const deployed = versionWithLabel(history, VERSION_LABELS.deployed);
  const drift = (reason: 'no_desired' | 'desired_not_latest' | 'not_deployed'): Finding =>
    finding(parameter, reason, 'warning', { kind: 'rollout_drift', reason, latest, desired, deployed });

  if (desired === null) return [drift('no_desired')];
  const findings: Finding[] = [];
  if (desired < latest) findings.push(drift('desired_not_latest'));
  if (desired !== deployed && !active) findings.push(drift('not_deployed'));
  return findings;
}
