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

/** Returns the ARN pattern of every EC2 instance in the account and region; a tag condition narrows it. */
function instancesArn() {
  return sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/*');
}

/** Returns the ARN pattern of every KMS key in the account and region, for a key given only by alias. */
function keysArn() {
  return sub('arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*');
}

/** The log group of one Lambda function and its log streams. */
function functionLogsArn(functionName) {
  return sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${functionName}:*`);
}

/** Returns the service endpoint through which the token's key may be used: SSM in the stack's region. */
function ssmServiceEndpoint() {
  return sub('ssm.${AWS::Region}.amazonaws.com');
}

module.exports = { documentArn, functionLogsArn, instancesArn, keysArn, parameterArn, ssmServiceEndpoint, sub };
