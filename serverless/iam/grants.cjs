'use strict';
// Catalog of the permissions a function of this stack can be given. Each grant builds its IAM
// statements from the stack context, scoped to this stack's parameter, document, topic, tag
// and state path. A function receives a grant by naming it in function-grants.cjs.
const { WILDCARD_ACTIONS } = require('./wildcards.cjs');
const { documentArn, instancesArn, keysArn, parameterArn, ssmServiceEndpoint } = require('./arns.cjs');

const TOPIC = { Ref: 'AlertTopic' };

function allow(sid, actions, resources, condition) {
  return {
    Sid: sid,
    Effect: 'Allow',
    Action: actions,
    Resource: resources,
    ...(condition ? { Condition: condition } : {}),
  };
}

/** Builds a statement on "*" for actions without a resource type, and throws for any other action. */
function allowOnAllResources(sid, actions) {
  for (const action of actions) {
    if (!(action in WILDCARD_ACTIONS)) {
      throw new Error(`Action ${action} is not in WILDCARD_ACTIONS; scope it to a resource ARN or document why it needs "*".`);
    }
  }
  return allow(sid, actions, '*');
}

function tokenArns(ctx) {
  return ctx.watchedParameters.map(parameterArn);
}

/** Claims live below `<statePath>/claims` (`claims/<token parameter path>/<version>`). */
function claimArns(ctx) {
  return [parameterArn(`${ctx.statePath}/claims/*`)];
}

/** Returns the ARN of the parameter in which the scheduled check keeps its findings and reminder times. */
function checkStateArns(ctx) {
  return [parameterArn(`${ctx.statePath}/check-state`)];
}

/**
 * kms:Decrypt for the token's key, only through SSM in this region and only for the watched
 * parameters (SSM passes the parameter ARN as encryption context). A key given by alias cannot
 * be named in Resource, so the conditions alone narrow the account's keys.
 */
function decryptTokenStatement(ctx) {
  return allow('DecryptTokenThroughSsm', ['kms:Decrypt'], ctx.tokenKmsKey.keyArn ?? keysArn(), {
    StringEquals: {
      'kms:ViaService': ssmServiceEndpoint(),
      'kms:EncryptionContext:PARAMETER_ARN': tokenArns(ctx),
    },
  });
}

/** Grant name -> statements. A grant may return none when its feature is off. */
const GRANTS = {
  /** Version and date of the token without its value (GetParameter without decryption). */
  readTokenMetadata: (ctx) => [allow('ReadTokenMetadata', ['ssm:GetParameter'], tokenArns(ctx))],

  /** The token value itself: GetParameter with decryption needs kms:Decrypt as well. */
  readTokenValue: (ctx) => [allow('ReadTokenValue', ['ssm:GetParameter'], tokenArns(ctx)), decryptTokenStatement(ctx)],

  /**
   * The new version for the Hub pre-flight check: with decryption when the check is on, else
   * metadata only, so a stack without the check keeps kms:Decrypt out of the rollout role.
   */
  readTokenForPreflight: (ctx) =>
    (ctx.preflightEnabled ? GRANTS.readTokenValue(ctx) : GRANTS.readTokenMetadata(ctx)).map((statement) => ({
      ...statement,
      Sid: `Preflight${statement.Sid}`,
    })),

  readTokenHistory: (ctx) => [allow('ReadTokenHistory', ['ssm:GetParameterHistory'], tokenArns(ctx))],

  /** Moves the desired, deployed and previous labels between token versions. */
  labelTokenVersions: (ctx) => [allow('LabelTokenVersions', ['ssm:LabelParameterVersion'], tokenArns(ctx))],

  /** Idempotency claims: one String parameter per token version under the stage's state path. */
  readClaims: (ctx) => [allow('ReadRolloutClaims', ['ssm:GetParameter'], claimArns(ctx))],

  /** Creates a claim (PutParameter without overwrite) and records its progress (with overwrite). */
  writeClaims: (ctx) => [allow('WriteRolloutClaims', ['ssm:PutParameter'], claimArns(ctx))],

  /** Deletes a claim after a handled failure, so a retry of the same version can proceed. */
  releaseClaims: (ctx) => [allow('ReleaseRolloutClaims', ['ssm:DeleteParameter'], claimArns(ctx))],

  /** Lists the claims to find the ones stuck without a command. */
  listClaims: (ctx) => [allow('ListRolloutClaims', ['ssm:GetParametersByPath'], [parameterArn(`${ctx.statePath}/claims`)])],

  /** Findings and reminder times of the scheduled check. */
  manageCheckState: (ctx) => [allow('ManageCheckState', ['ssm:GetParameter', 'ssm:PutParameter'], checkStateArns(ctx))],

  /** SendCommand needs both resources: this stack's document and instances carrying the target tag. */
  sendRefreshCommand: (ctx) => [
    allow('SendRefreshDocument', ['ssm:SendCommand'], [documentArn(ctx.documentName)]),
    allow('SendToTaggedInstances', ['ssm:SendCommand'], [instancesArn()], {
      StringEquals: { [`aws:ResourceTag/${ctx.targetTagKey}`]: ctx.targetTagValues },
    }),
  ],

  /** Stops the running rollout of an older version when a newer one replaces it. */
  cancelRefreshCommand: () => [allowOnAllResources('CancelRefreshCommand', ['ssm:CancelCommand'])],

  /** Every instance's result, and the number of targets, of a finished command. */
  readCommandResults: () => [allowOnAllResources('ReadCommandResults', ['ssm:ListCommandInvocations', 'ssm:ListCommands'])],

  describeFleet: () => [allowOnAllResources('DescribeFleet', ['ssm:DescribeInstanceInformation'])],

  readFleetInventory: () => [allowOnAllResources('ReadFleetInventory', ['ssm:GetInventory'])],

  publishAlerts: () => [allow('PublishAlerts', ['sns:Publish'], [TOPIC])],

  listAlertSubscriptions: () => [allow('ListAlertSubscriptions', ['sns:ListSubscriptionsByTopic'], [TOPIC])],

  /** Incident Manager is optional: no statement unless a response plan is configured. */
  startIncident: (ctx) =>
    ctx.incidentResponsePlanArn ? [allow('StartIncident', ['ssm-incidents:StartIncident'], [ctx.incidentResponsePlanArn])] : [],

  /** OpsCenter is optional: no statement unless it is turned on. */
  createOpsItem: (ctx) => (ctx.opsCenterEnabled ? [allowOnAllResources('CreateOpsItem', ['ssm:CreateOpsItem'])] : []),

  /** The access check is optional: no statement unless principals are allow-listed. */
  lookupTokenEvents: (ctx) => (ctx.accessCheckEnabled ? [allowOnAllResources('LookupTokenEvents', ['cloudtrail:LookupEvents'])] : []),
};

/** Builds the statements of the named grants; an unknown name is a packaging error. */
function buildGrantStatements(ctx, grantNames) {
  return grantNames.flatMap((name) => {
    const grant = GRANTS[name];
    if (!grant) throw new Error(`Unknown IAM grant "${name}"; use one of: ${Object.keys(GRANTS).join(', ')}.`);
    return grant(ctx);
  });
}

module.exports = { GRANTS, buildGrantStatements };
