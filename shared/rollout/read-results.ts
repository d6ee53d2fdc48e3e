import type { InvocationRecord } from './outcome.js';
import { waitOf, type RolloutDeps } from './rollout-deps.js';

/** Delays between reads while Run Command has not published every result yet, in milliseconds. */
export const RESULT_READ_BACKOFF_MS = [500, 1_000, 2_000, 4_000, 8_000];

/** Results of a command were still missing after every re-read; Lambda retries the event. */
export class ResultsNotReadyError extends Error {
  override readonly name = 'ResultsNotReadyError';

  constructor(
    readonly commandId: string,
    readonly found: number,
    readonly expected: number | null,
  ) {
    super(
      `ListCommandInvocations ${commandId} returned ${found} of ${expected ?? 'an unknown number of'} results ` +
        'after every re-read; the event will be retried.',
    );
  }
}

const PENDING = new Set(['Pending', 'InProgress', 'Delayed', 'Cancelling']);

/**
 * Reads every invocation of a finished command. Right after a command ends, ListCommandInvocations
 * can still return no or unfinished invocations (eventual consistency): that is read again with
 * backoff and never taken as "no instance targeted". An empty list counts as final only when the
 * command itself reports zero targets.
 */
export async function readFinishedInvocations(commandId: string, deps: RolloutDeps): Promise<InvocationRecord[]> {
  const wait = waitOf(deps);
  let records: InvocationRecord[] = [];
  let expected: number | null = null;
  for (let attempt = 0; attempt <= RESULT_READ_BACKOFF_MS.length; attempt += 1) {
    if (attempt > 0) await wait(RESULT_READ_BACKOFF_MS[attempt - 1] ?? 0);
    records = await deps.commands.listInvocations(commandId);
    const unfinished = records.filter((record) => PENDING.has(record.status)).length;
    if (records.length > 0 && unfinished === 0) {
      if (expected === null || records.length >= expected) return records;
    }
    if (records.length === 0) {
      expected = (await deps.commands.describeCommand(commandId)).targetCount;
      if (expected === 0) return records;
    }
    deps.logger.info('results.not_ready', { commandId, attempt, found: records.length, unfinished, expected });
  }
  throw new ResultsNotReadyError(commandId, records.length, expected);
}
