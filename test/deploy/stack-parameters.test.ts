import { describe, expect, it } from 'vitest';
import { DOCUMENT_PARAMETERS } from '../../documents/refresh-token-document.cjs';
import { INSTANCE_SETTINGS } from '../../serverless/instance-settings.cjs';
import { buildStackContext, resolveStackContext } from '../../serverless/stack-context.cjs';
import { packageStackFailure } from './helpers/package-stack.js';
import { stageDefaults } from './helpers/stage-defaults.js';

// Stage parameters are checked when the stack is packaged, so a typo never reaches AWS.
const DEFAULT_RAW = stageDefaults('prod');

function contextWith(overrides: Record<string, string>) {
  return buildStackContext({ ...DEFAULT_RAW, ...overrides });
}

describe('buildStackContext', () => {
  it('accepts the defaults', () => {
    const ctx = contextWith({});

    expect(ctx.watchedParameters).toEqual(['/whisperx/hf_token']);
    expect(ctx.tokenKmsKey).toEqual({ keyArn: null, alias: 'alias/aws/ssm' });
    expect(ctx.alertEmails).toEqual([]);
    expect(ctx.statePath).toBe('/hf-token-rotation/prod');
  });

  it('splits comma lists', () => {
    const ctx = contextWith({ targetTagValues: 'whisperx, whisperx-gpu', alertEmails: 'a@example.com,b@example.com' });

    expect(ctx.targetTagValues).toEqual(['whisperx', 'whisperx-gpu']);
    expect(ctx.alertEmails).toEqual(['a@example.com', 'b@example.com']);
  });

  it('recognizes a key ARN', () => {
    const keyArn = 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

    expect(contextWith({ tokenKmsKeyArn: keyArn }).tokenKmsKey).toEqual({ keyArn, alias: null });
  });

  it.each([
    ['watchedParameters', '', /must list at least one value/],
    ['watchedParameters', '/whisperx/hf token', /"\/whisperx\/hf token", which is not a Parameter Store name/],
    ['targetTagKey', 'bad|key', /not a valid EC2 tag key/],
    ['tokenKmsKeyArn', 'my-key', /neither a KMS key ARN .* nor an alias/],
    ['alertEmails', 'ops.example.com', /"ops.example.com", which is not an e-mail address/],
    ['alertLanguage', 'fr', /must be en or de, got "fr"/],
    ['incidentResponsePlanArn', 'arn:aws:ssm-incidents:eu-central-1:123456789012:plan/x', /not a response plan ARN/],
    ['opsCenterEnabled', 'yes', /must be true or false, got "yes"/],
    ['maxConcurrency', '0%', /count .* or a percentage/],
    ['canarySize', 'one', /count .* or a percentage/],
    ['deliveryTimeoutSeconds', '10', /from 30 to 2592000/],
    ['tokenWarningDays', '90', /from 0 to 89/],
    ['logRetentionDays', '31', /values CloudWatch Logs accepts/],
    ['associationSchedule', 'rate(5 minutes)', /30 minutes or more/],
    ['associationSchedule', 'rate(1 hours)', /30 minutes or more/],
    ['associationSchedule', 'cron(foo)', /30 minutes or more/],
    ['maxConcurrency', '0', /at least one instance/],
    ['checkSchedule', 'rate(2 day)', /EventBridge schedule/],
    ['checkSchedule', 'daily', /EventBridge schedule/],
    ['hubBaseUrl', 'http://huggingface.co', /must use https/],
    ['hubGatedRepos', 'pyannote', /not a Hub repository id/],
    ['hubTimeoutMs', '50', /from 100 to 60000/],
    ['stuckRolloutMinutes', '1', /from 5 to 10080/],
    ['accessAllowedPrincipals', 'role/deployer', /not an ARN pattern/],
    ['envFile', 'transcript-summarization/.env', /not an absolute path/],
    ['envKey', 'HF-TOKEN', /not a variable name/],
    ['composeProjectDir', '/srv/my project', /not an absolute path/],
    ['composeService', 'whisperx cuda', /not a compose service name/],
    ['healthUrl', 'http://10.0.0.5:8000/health', /not an http URL on localhost or 127\.0\.0\.1/],
    ['healthTimeoutSeconds', '0', /from 1 to 9999/],
    ['stopTimeoutSeconds', '-1', /from 0 to 9999/],
    ['instanceHubCheckUrl', 'https://hub.example.com', /https:\/\/huggingface\.co, an http URL on localhost/],
  ])('rejects %s=%s', (parameter, value, message) => {
    expect(() => contextWith({ [parameter]: value })).toThrow(message);
  });

  it('turns instance settings into document defaults', () => {
    const ctx = contextWith({ composeService: 'asr', instanceHubCheckUrl: 'https://huggingface.co' });

    expect(ctx.documentDefaults.composeService).toBe('asr');
    expect(ctx.documentDefaults.hubCheckUrl).toBe('https://huggingface.co');
  });

  it('keeps the document defaults as stage defaults', () => {
    for (const [parameter, { documentParameter }] of Object.entries(INSTANCE_SETTINGS)) {
      expect(DEFAULT_RAW[parameter], parameter).toBe(DOCUMENT_PARAMETERS[documentParameter]?.default);
    }
  });

  it('rejects a command timeout too short to roll back', () => {
    expect(() => contextWith({ healthTimeoutSeconds: '400' })).toThrow(
      /"commandTimeoutSeconds" is 900, below 1250: the lock wait \(300 s\), 90 s for fetching/,
    );
  });

  it('rejects a long stage name', () => {
    expect(() => contextWith({ stage: 'a'.repeat(21) })).toThrow(/Stage "a{21}" is invalid: use 1 to 20 letters/);
  });

  it('names the parameter and the fix', () => {
    expect(() => contextWith({ alertLanguage: 'fr' })).toThrow(
      'Stage parameter "alertLanguage" must be en or de, got "fr". Set it in serverless.yml params or with --param "alertLanguage=...".',
    );
  });
});

describe('resolveStackContext', () => {
  const resolveVariable = async (address: string) => {
    const [source, name] = address.split(':');
    if (source === 'self') return DEFAULT_RAW.service;
    if (source === 'sls') return DEFAULT_RAW.stage;
    return DEFAULT_RAW[name ?? ''];
  };

  it('resolves the defaults', async () => {
    const ctx = await resolveStackContext({ resolveVariable, options: { param: ['alertLanguage=de'] } });

    expect(ctx.statePath).toBe('/hf-token-rotation/prod');
  });

  it('accepts a run without --param', async () => {
    const ctx = await resolveStackContext({ resolveVariable, options: { param: null } });

    expect(ctx.alertLanguage).toBe('en');
  });

  it('rejects a misspelt --param', async () => {
    await expect(resolveStackContext({ resolveVariable, options: { param: ['alertEmail=ops@example.com'] } })).rejects.toThrow(
      '--param sets "alertEmail", which is not a stage parameter of this service; did you mean "alertEmails"?',
    );
  });

  it('rejects a --param name with a space', async () => {
    await expect(resolveStackContext({ resolveVariable, options: { param: ['alertLanguage =de'] } })).rejects.toThrow(
      '--param sets "alertLanguage ", which is not a stage parameter of this service; did you mean "alertLanguage"?',
    );
  });

  it('rejects a misspelt stage section entry', async () => {
    const resolveConfigurationProperty = async (path: string[]) => (path.join('.') === 'params.prod' ? { hubTimeOutMs: '7000' } : undefined);

    await expect(resolveStackContext({ resolveVariable, resolveConfigurationProperty })).rejects.toThrow(
      'params.prod in serverless.yml sets "hubTimeOutMs", which is not a stage parameter of this service; did you mean "hubTimeoutMs"?',
    );
  });
});

describe('sls package', () => {
  it('fails on an invalid parameter', () => {
    const output = packageStackFailure('dev', { alertEmails: 'ops.example.com' });

    expect(output).toContain('Stage parameter "alertEmails" contains "ops.example.com", which is not an e-mail address.');
  }, 240_000);
});
