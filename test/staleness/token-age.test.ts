import { describe, expect, it } from 'vitest';
import { tokenAgeFindings } from '../../shared/staleness/token-age.js';

const LIMITS = { tokenMaxAgeDays: 90, tokenWarningDays: 14 };
const STORED = new Date('2026-09-01T00:00:00.000Z');

function at(days: number): Date {
  return new Date(STORED.getTime() + days * 86_400_000);
}

describe('tokenAgeFindings', () => {
  it('is quiet before the window', () => {
    expect(tokenAgeFindings('/whisperx/hf_token', { version: 8, lastModified: STORED }, LIMITS, at(75))).toEqual([]);
  });

  it('warns at the window start', () => {
    const [item] = tokenAgeFindings('/whisperx/hf_token', { version: 8, lastModified: STORED }, LIMITS, at(76));

    expect(item?.severity).toBe('warning');
    expect(item?.detail).toEqual({ kind: 'token_age', version: 8, lastModified: '2026-09-01T00:00:00.000Z', ageDays: 76, maxAgeDays: 90, daysLeft: 14 });
  });

  it('errors at the maximum age', () => {
    const [item] = tokenAgeFindings('/whisperx/hf_token', { version: 8, lastModified: STORED }, LIMITS, at(90));

    expect(item?.severity).toBe('error');
  });

  it('skips without a date', () => {
    expect(tokenAgeFindings('/whisperx/hf_token', { version: 8, lastModified: null }, LIMITS, at(200))).toEqual([]);
  });
});
