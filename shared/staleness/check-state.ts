import { findingId, SEVERITY_RANK, type Finding, type Severity } from './finding.js';

/** State of the checks between runs, stored as JSON in a String parameter. */
export interface CheckState {
  /** Last sent severity and send time (ISO 8601) per finding id (`kind|parameter|key`). */
  sent: Record<string, { severity: Severity; sentAt: string }>;
  /** End of the last CloudTrail look-up window (ISO 8601), or null before the first one. */
  accessCheckedUntil: string | null;
}

/** Port for loading and saving the state. */
export interface CheckStateStore {
  /** Returns the stored state, or an empty one when none is stored yet. */
  load(): Promise<CheckState>;
  save(state: CheckState): Promise<void>;
}

export function emptyCheckState(): CheckState {
  return { sent: {}, accessCheckedUntil: null };
}

/** Findings to send now, and the state to store after sending them. */
export interface Deduplicated {
  due: Finding[];
  /** Found but not sent: already sent at this severity within the reminder interval. */
  suppressed: Finding[];
  next: CheckState;
}

/**
 * Decides which findings to send. A finding is sent when it is new, when its severity rose, or
 * when the reminder interval passed since it was last sent. Info findings are only logged, and
 * one-shot findings are always sent and never remembered. A remembered finding is forgotten when
 * its check ran (its scope is in `evaluatedScopes`) and did not find it again, so it is sent
 * anew if it comes back. Findings of a check that could not run are kept.
 */
export function deduplicate(
  findings: Finding[],
  state: CheckState,
  options: { now: Date; reminderIntervalHours: number; evaluatedScopes: ReadonlySet<string> },
): Deduplicated {
  const intervalMs = options.reminderIntervalHours * 3_600_000;
  const due: Finding[] = [];
  const suppressed: Finding[] = [];
  const sent: CheckState['sent'] = {};
  const foundIds = new Set<string>();

  for (const item of findings) {
    if (item.severity === 'info') continue;
    if (item.oneShot) {
      due.push(item);
      continue;
    }
    const id = findingId(item);
    foundIds.add(id);
    const previous = state.sent[id];
    const rose = previous !== undefined && SEVERITY_RANK[item.severity] > SEVERITY_RANK[previous.severity];
    const elapsed = previous === undefined ? Infinity : options.now.getTime() - Date.parse(previous.sentAt);
    // An unreadable time counts as long ago, so a damaged state sends too much rather than nothing.
    if (previous === undefined || rose || !(elapsed < intervalMs)) {
      due.push(item);
      sent[id] = { severity: item.severity, sentAt: options.now.toISOString() };
    } else {
      suppressed.push(item);
      // A lower severity is remembered, so that a later rise is sent again.
      sent[id] = { severity: item.severity, sentAt: previous.sentAt };
    }
  }

  for (const [id, entry] of Object.entries(state.sent)) {
    if (foundIds.has(id)) continue;
    const scope = id.split('|').slice(0, 2).join('|');
    if (!options.evaluatedScopes.has(scope)) sent[id] = entry;
  }

  return { due, suppressed, next: { sent, accessCheckedUntil: state.accessCheckedUntil } };
}
