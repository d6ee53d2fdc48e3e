import { describe, expect, it } from 'vitest';
import type { VersionInfo } from '../../shared/aws/version-labels.js';
import { restoreDesired } from '../../shared/rollout/restore-desired.js';
import type { RolloutDeps } from '../../shared/rollout/rollout-deps.js';
import type { RolloutRecord } from '../../shared/rollout/rollout-record.js';

const RECORD: RolloutRecord = {
  parameter: '/whisperx/hf_token',
  version: 7,
  state: 'canary_running',
  rollback: false,
  trigger: 'event',
  claimedAt: '2026-12-04T10:00:00.000Z',
  updatedAt: '2026-12-04T10:00:00.000Z',
};

/** Labels port over a fixed history that records every move. */
function fakeDeps(history: Array<[number, string[]]>) {
  const moves: Array<[string, number]> = [];
  const versions: VersionInfo[] = history.map(([version, labels]) => ({ version, labels, lastModified: null }));
  const silent = () => {};
  const deps = {
    labels: {
      history: async () => versions,
      move: async (_parameter: string, label: string, version: number) => {
        moves.push([label, version]);
      },
    },
    logger: { info: silent, warn: silent, error: silent, debug: silent },
  } as unknown as Pick<RolloutDeps, 'labels' | 'logger'>;
  return { deps, moves };
}

describe('restoreDesired', () => {
  it('moves desired to the deployed version', async () => {
    const { deps, moves } = fakeDeps([[5, []], [6, ['deployed']], [7, ['desired']]]);

    expect(await restoreDesired(RECORD, deps)).toEqual({ kind: 'restored', version: 6 });
    expect(moves).toEqual([['desired', 6]]);
  });

  it('falls back to the version desired before', async () => {
    const { deps, moves } = fakeDeps([[5, []], [6, []], [7, ['desired']]]);

    expect(await restoreDesired({ ...RECORD, desiredBefore: 5 }, deps)).toEqual({ kind: 'restored', version: 5 });
    expect(moves).toEqual([['desired', 5]]);
  });

  it('falls back to the newest older version', async () => {
    const { deps } = fakeDeps([[5, []], [6, []], [7, ['desired']]]);

    expect(await restoreDesired({ ...RECORD, desiredBefore: 7 }, deps)).toEqual({ kind: 'restored', version: 6 });
  });

  it('leaves the label to a newer version', async () => {
    const { deps, moves } = fakeDeps([[6, ['deployed']], [7, ['desired']], [8, []]]);

    expect(await restoreDesired(RECORD, deps)).toEqual({ kind: 'newer' });
    expect(moves).toEqual([]);
  });

  it('keeps the label on the first version', async () => {
    const { deps, moves } = fakeDeps([[7, ['desired']]]);

    expect(await restoreDesired(RECORD, deps)).toEqual({ kind: 'kept' });
    expect(moves).toEqual([]);
  });
});
