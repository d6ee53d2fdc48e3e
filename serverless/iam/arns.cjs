'use strict';
// ARNs of the stack's resources as CloudFormation values. Fn::Sub fills in partition, region and
// account at deploy time, so `sls package` needs no AWS access.

/** Wraps an ARN template in Fn::Sub. The template must not contain `${` from user input. */
function sub(template) {
  return { 'Fn::Sub': template };
}

/** ARN of a Parameter Store parameter; a leading `/` in the name is not repeated after `parameter`. */
function parameterArn(name) {
  return sub(`arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/${name.replace(/^\//, '')}`);
}

function documentArn(name) {
  return sub(`arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:document/${name}`);
}

/** Every EC2 instance of the account and region; statements narrow it with a tag condition. */
function instancesArn() {
  return sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/*');
}

/** Every KMS key of the account and region, for a key given only by alias. */
function keysArn() {
  return sub('arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*');
}

/** The log group of one Lambda function and its log streams. */
function functionLogsArn(functionName) {
  return sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${functionName}:*`);
}

/** The endpoint through which the token's key may be used: SSM in the stack's region. */
function ssmServiceEndpoint() {
  return sub('ssm.${AWS::Region}.amazonaws.com');
}

module.exports = { documentArn, functionLogsArn, instancesArn, keysArn, parameterArn, ssmServiceEndpoint, sub };
