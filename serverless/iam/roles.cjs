'use strict';
// Variable source for serverless.yml: one IAM role per function, built from function-grants.cjs.
// The roles replace the Framework's shared execution role, so no function has another's permissions.
const { resolveStackContext } = require('../stack-context.cjs');
const { functionLogsArn } = require('./arns.cjs');
const { FUNCTION_GRANTS } = require('./function-grants.cjs');
const { buildGrantStatements } = require('./grants.cjs');

/** Logical ID of a function's role, such as `OnParameterChangeRole`; serverless.yml uses it as `role:`. */
function roleLogicalId(functionKey) {
  return `${functionKey[0].toUpperCase()}${functionKey.slice(1)}Role`;
}

/**
 * Statements every function needs: writing its own log streams (the stack creates the log group,
 * so no logs:CreateLogGroup) and sending failed async events to the dead-letter queue.
 */
function baseStatements(ctx, functionKey) {
  return [
    {
      Sid: 'WriteOwnLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [functionLogsArn(ctx.functionName(functionKey))],
    },
    {
      Sid: 'SendFailedEventsToDeadLetterQueue',
      Effect: 'Allow',
      Action: ['sqs:SendMessage'],
      Resource: [{ 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] }],
    },
  ];
}

/** Builds the AWS::IAM::Role of one function. */
function buildRole(ctx, functionKey, grantNames) {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      Description: `Execution role of ${ctx.functionName(functionKey)}`,
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }],
      },
      Policies: [
        {
          PolicyName: 'permissions',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [...baseStatements(ctx, functionKey), ...buildGrantStatements(ctx, grantNames)],
          },
        },
      ],
    },
  };
}

/** Builds every function's role from a stack context and a grant table. */
function buildRoles(ctx, functionGrants = FUNCTION_GRANTS) {
  const resources = {};
  for (const [functionKey, grantNames] of Object.entries(functionGrants)) {
    resources[roleLogicalId(functionKey)] = buildRole(ctx, functionKey, grantNames);
  }
  return resources;
}

module.exports.resources = async (source) => ({
  Resources: buildRoles(await resolveStackContext(source)),
});
module.exports.buildRoles = buildRoles;
module.exports.roleLogicalId = roleLogicalId;
