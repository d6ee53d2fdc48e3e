import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateTemplate } from './helpers/cfn-schema.js';
import { ALL_FEATURES_PARAMS, packageStack, type PackagedStack, type Template } from './helpers/package-stack.js';

// Checks the packaged templates against the CloudFormation resource schemas that
// @aws-cdk/aws-service-spec ships, so a misspelt property fails here instead of in a deployment.
let defaults: PackagedStack;
let allFeatures: PackagedStack;

beforeAll(() => {
  defaults = packageStack('dev');
  allFeatures = packageStack('prod', ALL_FEATURES_PARAMS);
}, 240_000);

afterAll(() => {
  defaults?.remove();
  allFeatures?.remove();
});

describe('template schema', () => {
  it('default stack matches the schemas', () => {
    expect(validateTemplate(defaults.template)).toEqual([]);
  });

  it('stack with every feature matches the schemas', () => {
    expect(validateTemplate(allFeatures.template)).toEqual([]);
  });
});

describe('validateTemplate', () => {
  it('reports an unknown resource type', () => {
    const template: Template = { Resources: { Queue: { Type: 'AWS::SQS::Queueue', Properties: {} } } };

    expect(validateTemplate(template)).toEqual([{ path: 'Queue', message: 'unknown resource type AWS::SQS::Queueue' }]);
  });

  it('reports an unknown property', () => {
    const template: Template = { Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { RetentionPeriod: 60 } } } };

    expect(validateTemplate(template)).toEqual([{ path: 'Queue.Properties.RetentionPeriod', message: 'unknown property' }]);
  });

  it('reports a missing required property', () => {
    const template: Template = { Resources: { Document: { Type: 'AWS::SSM::Document', Properties: { DocumentType: 'Command' } } } };

    expect(validateTemplate(template)).toContainEqual({ path: 'Document.Properties.Content', message: 'required property is missing' });
  });

  it('reports a nested unknown property', () => {
    const template: Template = {
      Resources: {
        Association: {
          Type: 'AWS::SSM::Association',
          Properties: { Name: 'doc', Targets: [{ Key: 'tag:Team', Value: ['a'] }] },
        },
      },
    };

    const problems = validateTemplate(template);

    expect(problems).toContainEqual({ path: 'Association.Properties.Targets[0].Value', message: 'unknown property' });
    expect(problems).toContainEqual({ path: 'Association.Properties.Targets[0].Values', message: 'required property is missing' });
  });

  it('reports a wrong value shape', () => {
    const template: Template = { Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: [60] } } } };

    expect(validateTemplate(template)).toEqual([
      { path: 'Queue.Properties.MessageRetentionPeriod', message: 'expected a number, got [60]' },
    ]);
  });

  it('reports an unknown attribute', () => {
    const template: Template = {
      Resources: {
        Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
        Topic: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: { 'Fn::GetAtt': ['Queue', 'Url'] } } },
      },
    };

    expect(validateTemplate(template)).toEqual([
      { path: 'Topic', message: 'reads attribute Url of Queue (AWS::SQS::Queue), which has no such attribute' },
    ]);
  });

  it('reports a reference to a missing resource', () => {
    const template: Template = {
      Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: { 'Fn::Sub': '${Missing.Arn} in ${AWS::Region}' } } } },
    };

    expect(validateTemplate(template)).toEqual([{ path: 'Topic', message: 'refers to Missing, which is not a resource of the template' }]);
  });

  it('accepts intrinsic functions as values', () => {
    const template: Template = {
      Resources: {
        Queue: { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: { Ref: 'AWS::NoValue' } } },
      },
    };

    expect(validateTemplate(template)).toEqual([]);
  });
});
