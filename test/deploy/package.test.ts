import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRefreshDocument } from '../../documents/refresh-token-document.cjs';
import { loadCheckConfig } from '../../shared/config/check-config.js';
import { loadConfig } from '../../shared/config/config.js';
import { commandStatusPattern, parameterChangePattern } from '../../shared/config/event-patterns.cjs';
import { ALL_FEATURES_PARAMS, packageStack, resourcesOfType, type PackagedStack } from './helpers/package-stack.js';
import { readZipEntries } from './helpers/zip-entries.js';

// Packages the stack exactly as a user would (`sls package`), offline and without credentials,
// once with the default parameters and once with every optional feature switched on.
let defaults: PackagedStack;
let allFeatures: PackagedStack;

const TOKEN_SHAPE = /hf_[A-Za-z0-9]{30,}/;
/** Maximum size of one function's bundle, in bytes (500 KB). */
const BUNDLE_BUDGET_BYTES = 500 * 1024;
const FUNCTION_KEYS = ['onParameterChange', 'onCommandStatus', 'checkStaleness'];

function single(stack: PackagedStack, type: string) {
  const found = resourcesOfType(stack.template, type);
  expect(found, `resources of type ${type}`).toHaveLength(1);
  return found[0]![1];
}

function functionResource(stack: PackagedStack, functionKey: string) {
  const id = `${functionKey[0]!.toUpperCase()}${functionKey.slice(1)}LambdaFunction`;
  const resource = stack.template.Resources[id];
  expect(resource, id).toBeDefined();
  return resource!;
}

beforeAll(() => {
  defaults = packageStack('dev');
  allFeatures = packageStack('prod', ALL_FEATURES_PARAMS);
}, 240_000);

afterAll(() => {
  defaults?.remove();
  allFeatures?.remove();
});

describe('event rules', () => {
  it('contains the parameter change rule', () => {
    const patterns = resourcesOfType(defaults.template, 'AWS::Events::Rule').map(([, rule]) => rule.Properties?.EventPattern);

    expect(patterns).toContainEqual(parameterChangePattern(['/whisperx/hf_token']));
  });

  it('contains the command status rule', () => {
    const patterns = resourcesOfType(defaults.template, 'AWS::Events::Rule').map(([, rule]) => rule.Properties?.EventPattern);

    expect(patterns).toContainEqual(commandStatusPattern('hf-token-rotation-dev-RefreshToken'));
  });

  it('runs the checks on schedule', () => {
    const schedules = resourcesOfType(defaults.template, 'AWS::Events::Rule').map(([, rule]) => rule.Properties?.ScheduleExpression);

    expect(schedules).toContainEqual('cron(0 6 * * ? *)');
  });

  it('retries delivery then uses the queue', () => {
    for (const [, rule] of resourcesOfType(defaults.template, 'AWS::Events::Rule')) {
      const [target] = rule.Properties?.Targets ?? [];

      expect(target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 21600, MaximumRetryAttempts: 50 });
      expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } });
    }
  });
});

describe('functions', () => {
  it('run on nodejs22.x', () => {
    for (const key of FUNCTION_KEYS) expect(functionResource(defaults, key).Properties?.Runtime).toBe('nodejs22.x');
  });

  it('send failed async events to the queue', () => {
    const configs = resourcesOfType(defaults.template, 'AWS::Lambda::EventInvokeConfig');

    expect(configs).toHaveLength(FUNCTION_KEYS.length);
    for (const [, config] of configs) {
      expect(config.Properties?.MaximumRetryAttempts).toBe(2);
      expect(config.Properties?.DestinationConfig).toEqual({ OnFailure: { Destination: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } } });
    }
  });

  it('pass a configuration the handlers accept', () => {
    for (const key of FUNCTION_KEYS) {
      const variables = functionResource(allFeatures, key).Properties?.Environment.Variables as Record<string, unknown>;
      const env = { ...variables, ALERT_TOPIC_ARN: 'arn:aws:sns:eu-central-1:123456789012:hf-token-rotation-prod-alerts' } as Record<string, string>;

      const config = loadConfig(env);

      expect(config.documentName).toBe('hf-token-rotation-prod-RefreshToken');
      expect(config.watchedParameters).toEqual(['/whisperx/hf_token']);
      expect(config.alertLanguage).toBe('de');
      expect(variables.ALERT_TOPIC_ARN).toEqual({ Ref: 'AlertTopic' });
    }
  });

  it('pass a check configuration it accepts', () => {
    const variables = functionResource(allFeatures, 'checkStaleness').Properties?.Environment.Variables as Record<string, string>;

    const checks = loadCheckConfig(variables);

    expect(checks.statePath).toBe('/hf-token-rotation/prod');
    expect(checks.hubGatedRepos).toEqual(['pyannote/speaker-diarization-3.1', 'pyannote/segmentation-3.0']);
    expect(checks.incidentResponsePlanArn).toBe(ALL_FEATURES_PARAMS.incidentResponsePlanArn);
  });

  it('give the pre-flight check its settings', () => {
    const variables = functionResource(allFeatures, 'onParameterChange').Properties?.Environment.Variables as Record<string, string>;

    const checks = loadCheckConfig(variables);

    expect(checks.hubTimeoutMs).toBe(7000);
    expect(checks.preflightBlockOnHubOutage).toBe(true);
  });

  it('pass every stage setting as a variable', () => {
    const variables = functionResource(allFeatures, 'onParameterChange').Properties?.Environment.Variables;

    expect(variables).toMatchObject({
      TOKEN_KMS_KEY_ARN: ALL_FEATURES_PARAMS.tokenKmsKeyArn,
      ALERT_EMAILS: ALL_FEATURES_PARAMS.alertEmails,
      INCIDENT_RESPONSE_PLAN_ARN: ALL_FEATURES_PARAMS.incidentResponsePlanArn,
      OPS_CENTER_ENABLED: 'true',
      CANARY_SIZE: '1',
      FLEET_FAILURE_PERCENT: '50',
      TOKEN_MAX_AGE_DAYS: '90',
      TOKEN_WARNING_DAYS: '14',
      STATE_PARAMETER_PATH: '/hf-token-rotation/prod',
      STACK_NAME: 'hf-token-rotation-prod',
      COMPOSE_SERVICE: ALL_FEATURES_PARAMS.composeService,
    });
  });

  it('keep logs for the set days', () => {
    const groups = resourcesOfType(allFeatures.template, 'AWS::Logs::LogGroup');

    expect(groups).toHaveLength(FUNCTION_KEYS.length);
    for (const [, group] of groups) expect(group.Properties?.RetentionInDays).toBe(90);
  });
});

describe('refresh document', () => {
  it('builds the document from the script', () => {
    const document = single(defaults, 'AWS::SSM::Document');

    expect(document.Properties?.Name).toBe('hf-token-rotation-dev-RefreshToken');
    expect(document.Properties?.Content).toEqual(buildRefreshDocument({ timeoutSeconds: 900 }));
  });

  it('takes its defaults from the stage', () => {
    const parameters = single(allFeatures, 'AWS::SSM::Document').Properties?.Content.parameters;

    expect(parameters.composeService.default).toBe(ALL_FEATURES_PARAMS.composeService);
    expect(parameters.hubCheckUrl.default).toBe(ALL_FEATURES_PARAMS.instanceHubCheckUrl);
  });

  it('gives every document parameter a pattern', () => {
    const document = single(defaults, 'AWS::SSM::Document');
    const parameters = Object.values(document.Properties?.Content.parameters ?? {}) as Array<Record<string, string>>;

    expect(parameters.length).toBeGreaterThan(0);
    for (const parameter of parameters) {
      expect(parameter.allowedPattern).toBeTruthy();
      expect(parameter.interpolationType).toBe('ENV_VAR');
    }
  });
});

describe('association', () => {
  it('applies the desired version', () => {
    const association = single(defaults, 'AWS::SSM::Association');

    expect(association.Properties?.Name).toEqual({ Ref: 'RefreshTokenDocument' });
    expect(association.Properties?.Parameters).toEqual({ tokenParameter: ['/whisperx/hf_token'], tokenVersion: ['desired'] });
  });

  it('targets the tagged instances', () => {
    const association = single(defaults, 'AWS::SSM::Association');

    expect(association.Properties?.Targets).toEqual([{ Key: 'tag:HfTokenConsumer', Values: ['whisperx'] }]);
  });

  it('runs on schedule and at boot', () => {
    const association = single(defaults, 'AWS::SSM::Association');

    expect(association.Properties?.ScheduleExpression).toBe('rate(30 minutes)');
    expect(association.Properties).not.toHaveProperty('ApplyOnlyAtCronInterval');
    expect(association.Properties?.MaxConcurrency).toBe('10%');
    expect(association.Properties?.MaxErrors).toBe('0');
  });
});

describe('alerting', () => {
  it('creates the alert topic', () => {
    expect(resourcesOfType(defaults.template, 'AWS::SNS::Topic')).toHaveLength(1);
  });

  it('subscribes no one by default', () => {
    expect(resourcesOfType(defaults.template, 'AWS::SNS::Subscription')).toEqual([]);
  });

  it('subscribes each listed address', () => {
    const endpoints = resourcesOfType(allFeatures.template, 'AWS::SNS::Subscription').map(([, subscription]) => subscription.Properties);

    expect(endpoints).toEqual([
      { TopicArn: { Ref: 'AlertTopic' }, Protocol: 'email', Endpoint: 'ops@example.com' },
      { TopicArn: { Ref: 'AlertTopic' }, Protocol: 'email', Endpoint: 'oncall@example.org' },
    ]);
  });

  it('alarms on errors of every function', () => {
    const alarms = resourcesOfType(defaults.template, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties!);
    const errorAlarms = alarms.filter((alarm) => alarm.MetricName === 'Errors');

    expect(errorAlarms.map((alarm) => alarm.Dimensions[0].Value)).toEqual(
      FUNCTION_KEYS.map((key) => ({ Ref: `${key[0]!.toUpperCase()}${key.slice(1)}LambdaFunction` })),
    );
  });

  it('alarms on a non-empty queue', () => {
    const alarms = resourcesOfType(defaults.template, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties!);
    const queueAlarm = alarms.find((alarm) => alarm.Namespace === 'AWS/SQS');

    expect(queueAlarm?.MetricName).toBe('ApproximateNumberOfMessagesVisible');
    expect(queueAlarm?.Dimensions).toEqual([{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['DeadLetterQueue', 'QueueName'] } }]);
  });

  it('notifies the topic from every alarm', () => {
    for (const [, alarm] of resourcesOfType(defaults.template, 'AWS::CloudWatch::Alarm')) {
      expect(alarm.Properties?.AlarmActions).toEqual([{ Ref: 'AlertTopic' }]);
    }
  });

  it('describes alarms in the alert language', () => {
    const queueAlarm = allFeatures.template.Resources.DeadLetterQueueAlarm;

    expect(queueAlarm?.Properties?.AlarmDescription).toContain('Lesen Sie die Nachrichten');
  });
});

describe('dead-letter queue', () => {
  it('keeps events for 14 days', () => {
    const queue = single(defaults, 'AWS::SQS::Queue');

    expect(queue.Properties?.MessageRetentionPeriod).toBe(1_209_600);
    expect(queue.Properties?.SqsManagedSseEnabled).toBe(true);
  });
});

describe('bundles', () => {
  it('stay within the size budget', () => {
    for (const key of FUNCTION_KEYS) {
      const [bundle] = readZipEntries(join(defaults.dir, `${key}.zip`)).filter((entry) => entry.name.endsWith('.cjs'));

      expect(bundle, `${key}.zip holds a .cjs bundle`).toBeDefined();
      expect(bundle!.content.length, `${key} bundle size in bytes`).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
    }
  });

  it('leave out the clients of features that are off', () => {
    const bundleText = (stack: PackagedStack, key: string) =>
      readZipEntries(join(stack.dir, `${key}.zip`)).find((entry) => entry.name.endsWith('.cjs'))?.content.toString('utf8') ?? '';

    expect(bundleText(defaults, 'onCommandStatus')).not.toContain('SSMIncidentsClient');
    expect(bundleText(defaults, 'checkStaleness')).not.toContain('CloudTrailClient');
    expect(bundleText(allFeatures, 'onCommandStatus')).toContain('SSMIncidentsClient');
    expect(bundleText(allFeatures, 'checkStaleness')).toContain('CloudTrailClient');
  });

  it('leave out the SDK event stream codec', () => {
    for (const key of FUNCTION_KEYS) {
      const bundle = readZipEntries(join(allFeatures.dir, `${key}.zip`)).find((entry) => entry.name.endsWith('.cjs'));

      expect(bundle?.content.toString('utf8'), key).not.toContain(':event-type');
    }
  });

  it('bundle the AWS SDK', () => {
    for (const key of FUNCTION_KEYS) {
      const names = readZipEntries(join(defaults.dir, `${key}.zip`)).map((entry) => entry.name);

      expect(names.filter((name) => name.includes('node_modules'))).toEqual([]);
    }
  });
});

describe('token leaks', () => {
  it('leaves no token-shaped string in the template', () => {
    for (const stack of [defaults, allFeatures]) {
      for (const name of readdirSync(stack.dir).filter((file) => file.endsWith('.json'))) {
        expect(readFileSync(join(stack.dir, name), 'utf8'), name).not.toMatch(TOKEN_SHAPE);
      }
    }
  });

  it('leaves no token-shaped string in the bundles', () => {
    for (const name of readdirSync(defaults.dir).filter((file) => file.endsWith('.zip'))) {
      for (const entry of readZipEntries(join(defaults.dir, name))) {
        expect(entry.content.toString('latin1'), `${name}/${entry.name}`).not.toMatch(TOKEN_SHAPE);
      }
    }
  });

  it('prints no token-shaped string', () => {
    expect(defaults.output).not.toMatch(TOKEN_SHAPE);
  });
});
