'use strict';
// Naming and list rules shared by serverless.yml's variable sources and the runtime config.

/** Name of the SSM document this stack owns; the command status rule matches on it. */
function documentName(service, stage) {
  return `${service}-${stage}-RefreshToken`;
}

/** Lambda function name as the Serverless Framework builds it (`service-stage-key`). */
function functionName(service, stage, functionKey) {
  return `${service}-${stage}-${functionKey}`;
}

/**
 * Parameter Store path under which the service keeps its own state (claims) for one stage.
 * The token parameter itself lives elsewhere and is never under this path.
 */
function statePath(service, stage) {
  return `/${service}/${stage}`;
}

/** Name of the SQS queue that keeps events no function could process. */
function deadLetterQueueName(service, stage) {
  return `${service}-${stage}-dead-letters`;
}

/** Splits a comma-separated stack parameter (`a, b`) into its trimmed, non-empty items. */
function listParameter(value) {
  return String(value)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

module.exports = { deadLetterQueueName, documentName, functionName, listParameter, statePath };
