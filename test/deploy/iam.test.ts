import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_GRANTS } from '../../serverless/iam/function-grants.cjs';
import { GRANTS, buildGrantStatements } from '../../serverless/iam/grants.cjs';
import { buildRoles, roleLogicalId } from '../../serverless/iam/roles.cjs';
import { WILDCARD_ACTIONS } from '../../serverless/iam/wildcards.cjs';
import { buildStackContext } from '../../serverless/stack-context.cjs';
import {
  identityStatements,
  markdownTableRows,
  resourcePolicyStatements,
  resourceText,
  roleStatements,
  type NormalizedStatement,
} from './helpers/iam-statements.js';
import { ALL_FEATURES_PARAMS, packageStack, resourcesOfType, type PackagedStack } from './helpers/package-stack.js';
import { stageDefaults } from './helpers/stage-defaults.js';

// Least-privilege rules, checked on the packaged templates and on a role with every grant.
let defaults: PackagedStack;
let allFeatures: PackagedStack;

const PARTITION_REGION_ACCOUNT = 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}';
const TOKEN_ARN = `${PARTITION_REGION_ACCOUNT}:parameter/whisperx/hf_token`;
const DEFAULT_RAW = stageDefaults('prod');

/** Builds the statements of a role with every grant of the catalog, with every optional feature on. */
function everyGrantStatements(overrides: Record<string, string> = {}): NormalizedStatement[] {
  const ctx = buildStackContext({ ...DEFAULT_RAW, ...ALL_FEATURES_PARAMS, ...overrides });
  return roleStatements(buildRoles(ctx, { everything: Object.keys(GRANTS) }));
}

function wildcardActionProblems(statements: NormalizedStatement[]): string[] {
  return statements
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) => statement.Action.filter((action) => action.includes('*')).map((action) => `${statement.owner}/${statement.Sid}: ${action}`));
}

function unlistedStarResourceProblems(statements: NormalizedStatement[]): string[] {
  return statements
    .filter((statement) => statement.Resource.includes('*'))
    .flatMap((statement) => statement.Action.filter((action) => !(action in WILDCARD_ACTIONS)).map((action) => `${statement.owner}/${statement.Sid}: ${action}`));
}

function functionRoleStatements(stack: PackagedStack, functionKey: string): NormalizedStatement[] {
  return identityStatements(stack.template).filter((statement) => statement.owner === roleLogicalId(functionKey));
}

function statementsWithAction(statements: NormalizedStatement[], action: string): NormalizedStatement[] {
  return statements.filter((statement) => statement.Action.includes(action));
}

beforeAll(() => {
  defaults = packageStack('dev');
  allFeatures = packageStack('prod', ALL_FEATURES_PARAMS);
}, 240_000);

afterAll(() => {
  defaults?.remove();
  allFeatures?.remove();
});

describe('function roles', () => {
  it('gives each function its own role', () => {
    const functions = resourcesOfType(defaults.template, 'AWS::Lambda::Function');
    const roles = functions.map(([, fn]) => fn.Properties?.Role);

    expect(functions.length).toBe(Object.keys(FUNCTION_GRANTS).length);
    for (const key of Object.keys(FUNCTION_GRANTS)) {
      expect(roles).toContainEqual({ 'Fn::GetAtt': [roleLogicalId(key), 'Arn'] });
    }
  });

  it('creates no shared execution role', () => {
    expect(defaults.template.Resources.IamRoleLambdaExecution).toBeUndefined();
  });

  it('attaches no managed policies', () => {
    for (const [, role] of resourcesOfType(defaults.template, 'AWS::IAM::Role')) {
      expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('lets only Lambda assume the roles', () => {
    for (const [, role] of resourcesOfType(defaults.template, 'AWS::IAM::Role')) {
      expect(role.Properties?.AssumeRolePolicyDocument.Statement).toEqual([
        { Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] },
      ]);
    }
  });

  it('writes only the own log group', () => {
    for (const key of Object.keys(FUNCTION_GRANTS)) {
      const logs = functionRoleStatements(defaults, key).filter((statement) => statement.Action.some((action) => action.startsWith('logs:')));

      expect(logs.map((statement) => statement.Resource.map(resourceText))).toEqual([
        [`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/hf-token-rotation-dev-${key}:*`],
      ]);
      expect(logs[0]?.Action).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    }
  });

  it('keeps kms:Decrypt out of onCommandStatus', () => {
    expect(statementsWithAction(functionRoleStatements(allFeatures, 'onCommandStatus'), 'kms:Decrypt')).toEqual([]);
  });

  it('lets onParameterChange decrypt for the pre-flight', () => {
    expect(statementsWithAction(functionRoleStatements(defaults, 'onParameterChange'), 'kms:Decrypt')).toHaveLength(1);
  });

  it('drops decryption when the pre-flight is off', () => {
    const ctx = buildStackContext({ ...DEFAULT_RAW, preflightEnabled: 'false' });
    const statements = roleStatements(buildRoles(ctx, { onParameterChange: ['readTokenForPreflight'] }));

    expect(statementsWithAction(statements, 'kms:Decrypt')).toEqual([]);
    expect(statementsWithAction(statements, 'ssm:GetParameter')).toHaveLength(1);
  });

  it('lets checkStaleness decrypt only the token', () => {
    const [decrypt] = statementsWithAction(functionRoleStatements(defaults, 'checkStaleness'), 'kms:Decrypt');

    expect(decrypt?.Condition).toEqual({
      StringEquals: {
        'kms:ViaService': { 'Fn::Sub': 'ssm.${AWS::Region}.amazonaws.com' },
        'kms:EncryptionContext:PARAMETER_ARN': [{ 'Fn::Sub': TOKEN_ARN }],
      },
    });
  });

  it('keeps claim deletion out of onCommandStatus', () => {
    expect(statementsWithAction(functionRoleStatements(defaults, 'onCommandStatus'), 'ssm:DeleteParameter')).toEqual([]);
  });
});

describe('least privilege in the template', () => {
  it('grants no wildcard actions', () => {
    expect(wildcardActionProblems(identityStatements(defaults.template))).toEqual([]);
    expect(wildcardActionProblems(identityStatements(allFeatures.template))).toEqual([]);
  });

  it('allows no wildcard actions in resource policies', () => {
    expect(wildcardActionProblems(resourcePolicyStatements(defaults.template))).toEqual([]);
  });

  it('uses "*" resources only for documented actions', () => {
    expect(unlistedStarResourceProblems(identityStatements(defaults.template))).toEqual([]);
    expect(unlistedStarResourceProblems(identityStatements(allFeatures.template))).toEqual([]);
  });

  it('scopes GetParameter to token and state', () => {
    const allowed = [TOKEN_ARN, `${PARTITION_REGION_ACCOUNT}:parameter/hf-token-rotation/dev/claims/*`, `${PARTITION_REGION_ACCOUNT}:parameter/hf-token-rotation/dev/check-state`];
    const reads = statementsWithAction(identityStatements(defaults.template), 'ssm:GetParameter');

    for (const resource of reads.flatMap((statement) => statement.Resource.map(resourceText))) expect(allowed).toContain(resource);
  });

  it('limits token reads to two roles', () => {
    const tokenReaders = identityStatements(defaults.template)
      .filter((statement) => statement.Action.includes('ssm:GetParameter') && statement.Resource.map(resourceText).includes(TOKEN_ARN))
      .map((statement) => statement.owner);

    expect(tokenReaders.sort()).toEqual(['CheckStalenessRole', 'OnParameterChangeRole']);
  });

  it('scopes SendCommand to the document', () => {
    const [documentStatement] = statementsWithAction(identityStatements(defaults.template), 'ssm:SendCommand').filter((statement) => !statement.Condition);

    expect(documentStatement?.Resource.map(resourceText)).toEqual([`${PARTITION_REGION_ACCOUNT}:document/hf-token-rotation-dev-RefreshToken`]);
  });

  it('scopes SendCommand to tagged instances', () => {
    const [instanceStatement] = statementsWithAction(identityStatements(defaults.template), 'ssm:SendCommand').filter((statement) => statement.Condition);

    expect(instanceStatement?.Resource.map(resourceText)).toEqual(['arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/*']);
    expect(instanceStatement?.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/HfTokenConsumer': ['whisperx'] } });
  });

  it('scopes sns:Publish to the alert topic', () => {
    const publishes = statementsWithAction(identityStatements(defaults.template), 'sns:Publish');

    expect(publishes.length).toBe(Object.keys(FUNCTION_GRANTS).length);
    for (const statement of publishes) expect(statement.Resource).toEqual([{ Ref: 'AlertTopic' }]);
  });

  it('omits StartIncident without a response plan', () => {
    expect(statementsWithAction(identityStatements(defaults.template), 'ssm-incidents:StartIncident')).toEqual([]);
  });

  it('omits LookupEvents without an allow-list', () => {
    expect(statementsWithAction(identityStatements(defaults.template), 'cloudtrail:LookupEvents')).toEqual([]);
    expect(statementsWithAction(functionRoleStatements(allFeatures, 'checkStaleness'), 'cloudtrail:LookupEvents')).toHaveLength(1);
  });

  it('lets only the stack rules fill the queue', () => {
    const [statement] = resourcePolicyStatements(defaults.template).filter((entry) => entry.owner === 'DeadLetterQueuePolicy');

    expect(statement?.Action).toEqual(['sqs:SendMessage']);
    expect(statement?.Condition?.ArnEquals?.['aws:SourceArn']).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/hf-token-rotation-dev-parameter-change' },
      { 'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/hf-token-rotation-dev-command-status' },
      { 'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/hf-token-rotation-dev-check-staleness' },
    ]);
  });
});

describe('grant catalog', () => {
  it('grants no wildcard actions', () => {
    expect(wildcardActionProblems(everyGrantStatements())).toEqual([]);
  });

  it('uses "*" resources only for documented actions', () => {
    expect(unlistedStarResourceProblems(everyGrantStatements())).toEqual([]);
  });

  it('scopes parameter actions to token and state', () => {
    const allowed = [
      TOKEN_ARN,
      `${PARTITION_REGION_ACCOUNT}:parameter/hf-token-rotation/prod/claims/*`,
      `${PARTITION_REGION_ACCOUNT}:parameter/hf-token-rotation/prod/claims`,
      `${PARTITION_REGION_ACCOUNT}:parameter/hf-token-rotation/prod/check-state`,
    ];
    const parameterStatements = everyGrantStatements().filter((statement) => statement.Action.some((action) => /^ssm:\w*Parameter/.test(action)));

    expect(parameterStatements.length).toBeGreaterThan(0);
    for (const statement of parameterStatements) {
      for (const resource of statement.Resource) expect(allowed).toContain(resourceText(resource));
    }
  });

  it('conditions kms:Decrypt on SSM and the token', () => {
    const [decrypt] = statementsWithAction(everyGrantStatements(), 'kms:Decrypt');

    expect(decrypt?.Resource).toEqual([ALL_FEATURES_PARAMS.tokenKmsKeyArn]);
    expect(decrypt?.Condition).toEqual({
      StringEquals: {
        'kms:ViaService': { 'Fn::Sub': 'ssm.${AWS::Region}.amazonaws.com' },
        'kms:EncryptionContext:PARAMETER_ARN': [{ 'Fn::Sub': TOKEN_ARN }],
      },
    });
  });

  it('limits an alias key by conditions', () => {
    const [decrypt] = statementsWithAction(everyGrantStatements({ tokenKmsKeyArn: 'alias/aws/ssm' }), 'kms:Decrypt');

    expect(decrypt?.Resource.map(resourceText)).toEqual(['arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*']);
    expect(Object.keys(decrypt?.Condition?.StringEquals ?? {})).toEqual(['kms:ViaService', 'kms:EncryptionContext:PARAMETER_ARN']);
  });

  it('scopes StartIncident to the response plan', () => {
    const [incident] = statementsWithAction(everyGrantStatements(), 'ssm-incidents:StartIncident');

    expect(incident?.Resource).toEqual([ALL_FEATURES_PARAMS.incidentResponsePlanArn]);
  });

  it('omits CreateOpsItem when OpsCenter is off', () => {
    expect(statementsWithAction(everyGrantStatements({ opsCenterEnabled: 'false' }), 'ssm:CreateOpsItem')).toEqual([]);
  });

  it('gives statements unique Sids', () => {
    const sids = everyGrantStatements().map((statement) => statement.Sid);

    expect(new Set(sids).size).toBe(sids.length);
  });

  it('stays within the inline policy size', () => {
    // IAM allows 10,240 characters of inline policies per role; the Fn::Sub templates are longer
    // than the ARNs CloudFormation resolves them to, so this overestimates the real size.
    const ctx = buildStackContext({ ...DEFAULT_RAW, ...ALL_FEATURES_PARAMS });
    const [role] = Object.values(buildRoles(ctx, { everything: Object.keys(GRANTS) }));

    expect(JSON.stringify(role?.Properties.Policies[0].PolicyDocument).length).toBeLessThan(10_240);
  });

  it('rejects an unknown grant name', () => {
    const ctx = buildStackContext(DEFAULT_RAW);

    expect(() => buildGrantStatements(ctx, ['readEverything'])).toThrow(/Unknown IAM grant "readEverything"/);
  });

  it('names only catalog grants per function', () => {
    for (const grants of Object.values(FUNCTION_GRANTS)) {
      for (const grant of grants) expect(Object.keys(GRANTS)).toContain(grant);
    }
  });
});

describe('docs/iam.md', () => {
  const markdown = readFileSync(new URL('../../docs/iam.md', import.meta.url), 'utf8');

  it('lists exactly the wildcard actions', () => {
    const rows = markdownTableRows(markdown, 'Actions on all resources');
    const documented = Object.fromEntries(rows.map((cells) => [cells[0]!.replace(/`/g, ''), cells[2]]));

    expect(documented).toEqual(WILDCARD_ACTIONS);
  });

  it('lists every function with its grants', () => {
    const rows = markdownTableRows(markdown, 'One role per function');
    const documented = Object.fromEntries(rows.map((cells) => [cells[0]!.replace(/`/g, ''), cells[1]!.replace(/`/g, '').split(', ')]));

    expect(documented).toEqual(FUNCTION_GRANTS);
  });

  it('describes every grant', () => {
    const rows = markdownTableRows(markdown, 'Grants');

    expect(rows.map((cells) => cells[0]!.replace(/`/g, ''))).toEqual(Object.keys(GRANTS));
  });
});

describe('docs/instance-role-policy.json', () => {
  const policy = JSON.parse(readFileSync(new URL('../../docs/instance-role-policy.json', import.meta.url), 'utf8'));
  const statements = identityStatements({
    Resources: { InstanceRole: { Type: 'AWS::IAM::Role', Properties: { Policies: [{ PolicyDocument: policy }] } } },
  });
  const tokenArn = 'arn:aws:ssm:eu-central-1:ACCOUNT_ID:parameter/whisperx/hf_token';

  it('grants no wildcard actions', () => {
    expect(wildcardActionProblems(statements)).toEqual([]);
  });

  it('reads only the token parameter', () => {
    expect(statementsWithAction(statements, 'ssm:GetParameter').map((statement) => statement.Resource)).toEqual([[tokenArn]]);
  });

  it('decrypts only the token through SSM', () => {
    const [decrypt] = statementsWithAction(statements, 'kms:Decrypt');

    expect(decrypt?.Condition).toEqual({
      StringEquals: { 'kms:ViaService': 'ssm.eu-central-1.amazonaws.com', 'kms:EncryptionContext:PARAMETER_ARN': tokenArn },
    });
  });

  it('uses "*" only for PutInventory', () => {
    const starActions = statements.filter((statement) => statement.Resource.includes('*')).flatMap((statement) => statement.Action);

    expect(starActions).toEqual(['ssm:PutInventory']);
  });
});
