import { describe, expect, it } from 'vitest';
import { loadCheckConfig } from '../../shared/config/check-config.js';

const BASE = { STATE_PARAMETER_PATH: '/hf-token-rotation/prod' };

describe('loadCheckConfig', () => {
  it('applies the defaults', () => {
    const config = loadCheckConfig(BASE);

    expect(config).toEqual({
      tokenMaxAgeDays: 90,
      tokenWarningDays: 14,
      incidentResponsePlanArn: null,
      opsCenterEnabled: false,
      statePath: '/hf-token-rotation/prod',
      hubBaseUrl: 'https://huggingface.co',
      hubGatedRepos: ['pyannote/speaker-diarization-3.1', 'pyannote/segmentation-3.0'],
      hubTimeoutMs: 5000,
      preflightEnabled: true,
      preflightBlockOnHubOutage: false,
      stuckRolloutMinutes: 30,
      reminderIntervalHours: 24,
      accessAllowedPrincipals: [],
    });
  });

  it('reads every setting', () => {
    const config = loadCheckConfig({
      ...BASE,
      TOKEN_MAX_AGE_DAYS: '60',
      TOKEN_WARNING_DAYS: '7',
      INCIDENT_RESPONSE_PLAN_ARN: 'arn:aws:ssm-incidents::123456789012:response-plan/hf-token',
      OPS_CENTER_ENABLED: 'true',
      HUB_BASE_URL: 'http://127.0.0.1:8123/',
      HUB_GATED_REPOS: 'pyannote/segmentation-3.0',
      HUB_TIMEOUT_MS: '2500',
      PREFLIGHT_ENABLED: 'false',
      PREFLIGHT_BLOCK_ON_HUB_OUTAGE: 'true',
      STUCK_ROLLOUT_MINUTES: '15',
      REMINDER_INTERVAL_HOURS: '12',
      ACCESS_ALLOWED_PRINCIPALS: 'arn:aws:iam::123456789012:role/whisperx-*, arn:aws:sts::123456789012:assumed-role/ops/*',
    });

    expect(config).toMatchObject({
      tokenMaxAgeDays: 60,
      tokenWarningDays: 7,
      incidentResponsePlanArn: 'arn:aws:ssm-incidents::123456789012:response-plan/hf-token',
      opsCenterEnabled: true,
      hubBaseUrl: 'http://127.0.0.1:8123',
      hubGatedRepos: ['pyannote/segmentation-3.0'],
      hubTimeoutMs: 2500,
      preflightEnabled: false,
      preflightBlockOnHubOutage: true,
      stuckRolloutMinutes: 15,
      reminderIntervalHours: 12,
      accessAllowedPrincipals: ['arn:aws:iam::123456789012:role/whisperx-*', 'arn:aws:sts::123456789012:assumed-role/ops/*'],
    });
  });

  it.each([
    [{ TOKEN_WARNING_DAYS: '90' }, 'TOKEN_WARNING_DAYS: must be smaller than TOKEN_MAX_AGE_DAYS (90)'],
    [{ HUB_BASE_URL: 'http://hub.example.com' }, 'HUB_BASE_URL: "http://hub.example.com" must use https'],
    [{ HUB_BASE_URL: 'not a url' }, 'HUB_BASE_URL: "not a url" is not a URL'],
    [{ HUB_GATED_REPOS: 'pyannote' }, 'HUB_GATED_REPOS: "pyannote" is not a Hub repository id'],
    [{ HUB_TIMEOUT_MS: '50' }, 'HUB_TIMEOUT_MS: must be a whole number from 100 to 60000'],
    [{ INCIDENT_RESPONSE_PLAN_ARN: 'plan-1' }, 'INCIDENT_RESPONSE_PLAN_ARN: "plan-1" is not a response plan ARN'],
    [{ ACCESS_ALLOWED_PRINCIPALS: 'ops-role' }, 'ACCESS_ALLOWED_PRINCIPALS: "ops-role" is not an ARN pattern'],
    [{ STATE_PARAMETER_PATH: 'relative/path' }, 'STATE_PARAMETER_PATH: "relative/path" is not a Parameter Store path'],
    [{ PREFLIGHT_ENABLED: 'yes' }, 'PREFLIGHT_ENABLED: must be true or false'],
  ])('rejects %o', (overrides, message) => {
    expect(() => loadCheckConfig({ ...BASE, ...overrides })).toThrow(message);
  });

  it('requires the state path', () => {
    expect(() => loadCheckConfig({})).toThrow('STATE_PARAMETER_PATH: is required but not set.');
  });
});
