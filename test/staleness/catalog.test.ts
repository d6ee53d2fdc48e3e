import { describe, expect, it } from 'vitest';
import type { PreflightIssue } from '../../shared/hub/preflight.js';
import { CHECK_CATALOGS } from '../../shared/staleness/catalog.js';
import { checkAlert, findingText } from '../../shared/staleness/check-alert.js';
import { finding, type FindingDetail, type FindingKind } from '../../shared/staleness/finding.js';

const FP = 'sha256:0a1b2c3d4e5f';
const INSTANCES = [{ instanceId: 'i-0a1b2c3d4e5f60001', version: '7', status: 'rolled_back' }];

/** One detail per kind; the mapped type makes a missing kind a compile error. */
const SAMPLES: { [K in FindingKind]: Extract<FindingDetail, { kind: K }> } = {
  token_age: { kind: 'token_age', version: 8, lastModified: '2026-09-01T00:00:00.000Z', ageDays: 80, maxAgeDays: 90, daysLeft: 10 },
  token_expiry: { kind: 'token_expiry', version: 8, fingerprint: FP, expiresAt: '2026-12-10T00:00:00.000Z', daysLeft: 9 },
  rollout_drift: { kind: 'rollout_drift', reason: 'not_deployed', latest: 8, desired: 8, deployed: 7 },
  rollout_stuck: { kind: 'rollout_stuck', version: 8, claimedAt: '2026-11-30T11:00:00.000Z', minutes: 60, redriven: true, error: null },
  instances_not_current: { kind: 'instances_not_current', desiredVersion: 8, instances: INSTANCES },
  instances_offline: { kind: 'instances_offline', instances: [{ instanceId: 'i-0a1b2c3d4e5f60002', pingStatus: 'ConnectionLost' }] },
  previous_token_active: { kind: 'previous_token_active', version: 7, fingerprint: FP },
  token_invalid: { kind: 'token_invalid', version: 8, fingerprint: FP, httpStatus: 401 },
  gated_access_denied: { kind: 'gated_access_denied', version: 8, fingerprint: FP, repo: 'pyannote/segmentation-3.0', repoUrl: 'https://huggingface.co/pyannote/segmentation-3.0', httpStatus: 403, hubMessage: null, gatedReadDisabled: false },
  gated_repo_not_found: { kind: 'gated_repo_not_found', version: 8, fingerprint: FP, repo: 'pyannote/segmentation-9', hubMessage: 'Repository not found' },
  hub_unreachable: { kind: 'hub_unreachable', reason: 'timed out after 5000 ms' },
  alert_topic_unconfirmed: { kind: 'alert_topic_unconfirmed', topicArn: 'arn:aws:sns:eu-central-1:123456789012:alerts', pending: 1, total: 1 },
  parameter_read_by_unknown_principal: { kind: 'parameter_read_by_unknown_principal', eventId: 'e-1', eventName: 'GetParameter', principal: 'arn:aws:iam::123456789012:user/x', sourceIp: '203.0.113.24', time: '2026-11-30T09:41:07.000Z', errorCode: null, userAgent: 'aws-cli/2.22.4' },
  check_failed: { kind: 'check_failed', check: 'coverage', error: 'AccessDeniedException: not authorized' },
};

const ISSUES: PreflightIssue[] = [
  { code: 'token_malformed', problem: 'empty' },
  { code: 'token_malformed', problem: 'whitespace' },
  { code: 'token_invalid', httpStatus: 401 },
  { code: 'gated_denied', repo: 'pyannote/segmentation-3.0', repoUrl: 'https://huggingface.co/pyannote/segmentation-3.0', httpStatus: 403, gatedReadDisabled: true },
  { code: 'gated_not_found', repo: 'pyannote/segmentation-9' },
  { code: 'hub_unreachable', reason: 'timed out after 5000 ms' },
];

describe('check catalogs', () => {
  for (const [kind, detail] of Object.entries(SAMPLES)) {
    it(`writes ${kind} in both languages`, () => {
      const item = finding('/whisperx/hf_token', 'key', 'warning', detail);

      const english = findingText(item, CHECK_CATALOGS.en);
      const german = findingText(item, CHECK_CATALOGS.de);

      for (const text of [english, german]) {
        expect(text.title.length).toBeGreaterThan(10);
        expect(text.title).not.toMatch(/\n/);
        expect(text.body.length).toBeGreaterThan(5);
        expect(text.advice.length).toBeGreaterThan(10);
      }
      expect(german.advice).not.toBe(english.advice);
    });
  }

  it('writes every pre-flight issue in both languages', () => {
    for (const issue of ISSUES) {
      const english = CHECK_CATALOGS.en.preflight(issue);
      const german = CHECK_CATALOGS.de.preflight(issue);

      expect(english.length).toBeGreaterThan(10);
      expect(german).not.toBe(english);
    }
  });
});

describe('checkAlert', () => {
  it('orders by severity with a valid subject', () => {
    const alert = checkAlert(
      [finding('/whisperx/hf_token', 'age', 'warning', SAMPLES.token_age), finding('/whisperx/hf_token', 'current', 'critical', SAMPLES.token_invalid)],
      { language: 'de', stackName: 'hf-token-rotation-prod', time: new Date('2026-11-30T12:00:00.000Z') },
    );

    expect(alert.subject).toBe('[hf-token-rotation-prod] Token-Pruefung: 2 Befunde, hoechste Stufe KRITISCH');
    expect(alert.message.indexOf('[KRITISCH]')).toBeLessThan(alert.message.indexOf('[WARNUNG]'));
  });

  it('cuts long instance lists', () => {
    const instances = Array.from({ length: 120 }, (_, index) => ({ instanceId: `i-${String(index).padStart(17, '0')}`, version: null, status: null }));

    const alert = checkAlert([finding('/whisperx/hf_token', 'not_current', 'warning', { kind: 'instances_not_current', desiredVersion: 8, instances })], {
      language: 'en',
      stackName: 'hf-token-rotation-prod',
      time: new Date('2026-11-30T12:00:00.000Z'),
    });

    expect(alert.message).toContain('i-00000000000000049');
    expect(alert.message).not.toContain('i-00000000000000050');
    expect(alert.message).toContain('- ... 70 more');
  });
});
