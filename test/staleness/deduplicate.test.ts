import { describe, expect, it } from 'vitest';
import { deduplicate, emptyCheckState, type CheckState } from '../../shared/staleness/check-state.js';
import { finding, type Finding, type Severity } from '../../shared/staleness/finding.js';

const NOW = new Date('2026-11-30T12:00:00.000Z');
const AGE_ID = 'token_age|/whisperx/hf_token|age';
const AGE_SCOPE = 'token_age|/whisperx/hf_token';

function age(severity: Severity): Finding {
  return finding('/whisperx/hf_token', 'age', severity, { kind: 'token_age', version: 8, lastModified: '2026-09-01T00:00:00.000Z', ageDays: 90, maxAgeDays: 90, daysLeft: 0 });
}

function sentAt(severity: Severity, iso: string): CheckState {
  return { sent: { [AGE_ID]: { severity, sentAt: iso } }, accessCheckedUntil: '2026-11-30T06:00:00.000Z' };
}

const options = (scopes: string[] = [AGE_SCOPE]) => ({ now: NOW, reminderIntervalHours: 24, evaluatedScopes: new Set(scopes) });

describe('deduplicate', () => {
  it('sends a new finding', () => {
    const result = deduplicate([age('warning')], emptyCheckState(), options());

    expect(result.due).toHaveLength(1);
    expect(result.next.sent[AGE_ID]).toEqual({ severity: 'warning', sentAt: NOW.toISOString() });
  });

  it('suppresses within the interval', () => {
    const result = deduplicate([age('warning')], sentAt('warning', '2026-11-30T00:00:00.000Z'), options());

    expect(result.due).toEqual([]);
    expect(result.suppressed).toHaveLength(1);
    expect(result.next.sent[AGE_ID]?.sentAt).toBe('2026-11-30T00:00:00.000Z');
  });

  it('resends on a higher severity', () => {
    const result = deduplicate([age('error')], sentAt('warning', '2026-11-30T11:00:00.000Z'), options());

    expect(result.due).toHaveLength(1);
  });

  it('remembers a lower severity', () => {
    const result = deduplicate([age('warning')], sentAt('error', '2026-11-30T11:00:00.000Z'), options());

    expect(result.due).toEqual([]);
    expect(result.next.sent[AGE_ID]).toEqual({ severity: 'warning', sentAt: '2026-11-30T11:00:00.000Z' });
  });

  it('resends once the interval passed', () => {
    const result = deduplicate([age('warning')], sentAt('warning', '2026-11-29T12:00:00.000Z'), options());

    expect(result.due).toHaveLength(1);
  });

  it('resends after an unreadable time', () => {
    const result = deduplicate([age('warning')], sentAt('warning', 'yesterday'), options());

    expect(result.due).toHaveLength(1);
  });

  it('drops a resolved finding', () => {
    const result = deduplicate([], sentAt('warning', '2026-11-30T11:00:00.000Z'), options());

    expect(result.next.sent).toEqual({});
  });

  it('keeps a finding whose check did not run', () => {
    const result = deduplicate([], sentAt('warning', '2026-11-30T11:00:00.000Z'), options([]));

    expect(result.next.sent[AGE_ID]).toBeDefined();
  });

  it('never sends info findings', () => {
    const info = finding('/whisperx/hf_token', 'whoami', 'info', { kind: 'hub_unreachable', reason: 'timed out after 5000 ms' });

    const result = deduplicate([info], emptyCheckState(), options());

    expect(result.due).toEqual([]);
    expect(result.next.sent).toEqual({});
  });

  it('sends one-shot findings without remembering', () => {
    const read = finding(
      '/whisperx/hf_token',
      'b3c9e2a1',
      'error',
      { kind: 'parameter_read_by_unknown_principal', eventId: 'b3c9e2a1', eventName: 'GetParameter', principal: 'arn:aws:iam::123456789012:user/x', sourceIp: '203.0.113.24', time: NOW.toISOString(), errorCode: null, userAgent: null },
      { oneShot: true },
    );

    const result = deduplicate([read], emptyCheckState(), options());

    expect(result.due).toEqual([read]);
    expect(result.next.sent).toEqual({});
  });

  it('keeps the access window end', () => {
    const result = deduplicate([], sentAt('warning', '2026-11-30T11:00:00.000Z'), options());

    expect(result.next.accessCheckedUntil).toBe('2026-11-30T06:00:00.000Z');
  });
});
