import { VERSION_LABELS, versionWithLabel, type VersionInfo, type VersionLabels } from '../aws/version-labels.js';
import type { RolloutStore } from '../aws/rollout-store.js';
import type { CheckConfig } from '../config/check-config.js';
import type { HubApi } from '../hub/hub-api.js';
import type { StepLogger } from '../logging/logger.js';
import type { RolloutRecord } from '../rollout/rollout-record.js';
import type { FleetView, TaggedInstance, TokenInventoryEntry } from './aws/fleet-inventory.js';
import type { TokenValue, TokenValueReader } from '../aws/token-values.js';
import { outcome, type CheckOutcome } from './check-outcome.js';
import { coverageFindings } from './coverage.js';
import { finding } from './finding.js';
import { currentTokenFindings, previousTokenFindings } from './hub-findings.js';
import type { RolloutRedriver } from './redriver.js';
import { driftFindings, rolloutActive } from './rollout-drift.js';
import { redriveStuckClaims } from './stuck-rollouts.js';
import { tokenAgeFindings } from './token-age.js';

/** Dependencies of the checks of one parameter. */
export interface ParameterCheckDeps {
  checks: CheckConfig;
  tokens: TokenValueReader;
  labels: VersionLabels;
  rollouts: RolloutStore;
  redriver: RolloutRedriver;
  hub: HubApi;
  logger: StepLogger;
  /** The fleet's instances and inventory, read once per run and shared by the parameters. */
  fleet: () => Promise<FleetSnapshot>;
}

export interface FleetSnapshot {
  instances: TaggedInstance[];
  inventory: Map<string, TokenInventoryEntry[]>;
}

/** Reads the fleet once, on first use. */
export function fleetSnapshot(fleet: FleetView, tagKey: string, tagValues: string[]): () => Promise<FleetSnapshot> {
  let snapshot: Promise<FleetSnapshot> | undefined;
  return () => {
    snapshot ??= Promise.all([fleet.taggedInstances(tagKey, tagValues), fleet.tokenInventory()]).then(([instances, inventory]) => ({ instances, inventory }));
    return snapshot;
  };
}

/**
 * Runs every check of one watched parameter. A check whose AWS call fails becomes a
 * `check_failed` finding, and the checks that do not depend on it still run.
 */
export async function checkParameter(parameter: string, deps: ParameterCheckDeps, now: Date): Promise<CheckOutcome[]> {
  const outcomes: CheckOutcome[] = [outcome(parameter, ['check_failed'], [])];
  const guard = guardFor(parameter, deps.logger, outcomes);

  const token = await guard('token', () => deps.tokens.read(parameter));
  const history = await guard('version_labels', () => deps.labels.history(parameter));
  const records = await guard('rollouts', () => deps.rollouts.list());

  if (token) {
    outcomes.push(outcome(parameter, ['token_age'], tokenAgeFindings(parameter, token, deps.checks, now)));
  }
  if (history) {
    await checkRolloutState(parameter, history, records, deps, now, guard, outcomes);
  }
  if (records) {
    const stuck = await redriveStuckClaims(parameter, records, {
      redriver: deps.redriver,
      stuckMinutes: deps.checks.stuckRolloutMinutes,
      now,
      logger: deps.logger,
    });
    outcomes.push(outcome(parameter, ['rollout_stuck'], stuck));
  }
  if (token) {
    await checkTokenOnHub(parameter, token, history, deps, now, guard, outcomes);
  }
  return outcomes;
}

type Guard = <T>(check: string, run: () => Promise<T>) => Promise<T | null>;

/** Drift of the labels and coverage of the fleet, both measured against the desired version. */
async function checkRolloutState(
  parameter: string,
  history: VersionInfo[],
  records: RolloutRecord[] | null,
  deps: ParameterCheckDeps,
  now: Date,
  guard: Guard,
  outcomes: CheckOutcome[],
): Promise<void> {
  const latest = history.reduce((max, entry) => Math.max(max, entry.version), 0);
  if (latest === 0) return;
  const desired = versionWithLabel(history, VERSION_LABELS.desired) ?? latest;
  const active = records !== null && rolloutActive(records, parameter, desired, now);
  outcomes.push(outcome(parameter, ['rollout_drift'], driftFindings(parameter, history, active)));

  const fleet = await guard('coverage', deps.fleet);
  if (fleet) {
    const findings = coverageFindings(parameter, desired, fleet.instances, fleet.inventory, active);
    outcomes.push(outcome(parameter, ['instances_not_current', 'instances_offline'], findings));
  }
}

async function checkTokenOnHub(
  parameter: string,
  token: TokenValue,
  history: VersionInfo[] | null,
  deps: ParameterCheckDeps,
  now: Date,
  guard: Guard,
  outcomes: CheckOutcome[],
): Promise<void> {
  outcomes.push(await currentTokenFindings(parameter, token, deps.hub, deps.checks, now));
  if (history) {
    const previous = await guard('previous_token', () => previousTokenFindings(parameter, history, token, deps));
    if (previous) outcomes.push(previous);
  }
}

/** Wraps a check so that its failure is logged and recorded as a `check_failed` finding. */
export function guardFor(parameter: string, logger: StepLogger, outcomes: CheckOutcome[]): Guard {
  return async (check, run) => {
    try {
      return await run();
    } catch (error) {
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      logger.error('check.failed', { check, parameter, error: text });
      outcomes.push({ findings: [finding(parameter, check, 'warning', { kind: 'check_failed', check, error: text })], evaluated: [] });
      return null;
    }
  };
}
