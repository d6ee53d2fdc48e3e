'use strict';
// EventBridge patterns of the service. serverless.yml takes its rules from here (through
// serverless/event-patterns.cjs) and the handlers filter with the same patterns, so the rule in
// AWS and the check in code cannot drift apart.

/** Parameter Store operations that start work. LabelParameterVersion is left out on purpose:
 * the service labels versions itself and must not react to its own labels. */
const PARAMETER_OPERATIONS = ['Create', 'Update', 'Delete'];

/** Terminal command statuses as the Command Status-change event spells them. */
const TERMINAL_COMMAND_STATUSES = ['Success', 'Failed', 'TimedOut', 'Cancelled'];

function parameterChangePattern(parameterNames) {
  return {
    source: ['aws.ssm'],
    'detail-type': ['Parameter Store Change'],
    detail: {
      name: [...parameterNames],
      operation: [...PARAMETER_OPERATIONS],
    },
  };
}

function commandStatusPattern(documentName) {
  return {
    source: ['aws.ssm'],
    'detail-type': ['EC2 Command Status-change Notification'],
    detail: {
      'document-name': [documentName],
      status: [...TERMINAL_COMMAND_STATUSES],
    },
  };
}

module.exports = {
  PARAMETER_OPERATIONS,
  TERMINAL_COMMAND_STATUSES,
  parameterChangePattern,
  commandStatusPattern,
};
