'use strict';
// Actions the service may grant on all resources ("*"). The Service Authorization Reference lists
// no resource type for any of them, so IAM accepts no narrower Resource. docs/iam.md shows the
// same table, and the deploy tests fail when the two differ or a role grants "*" to anything else.

/** Action -> why it runs on "*" and what limits it instead. */
const WILDCARD_ACTIONS = {
  'ssm:ListCommandInvocations': 'No resource type; the function asks only for the command IDs from its own status events.',
  'ssm:DescribeInstanceInformation': 'No resource type; the caller filters by the target tag.',
  'ssm:GetInventory': 'No resource type; the caller filters by the target tag and the custom inventory type.',
  'ssm:CreateOpsItem': 'No resource type; granted only when OpsCenter is on.',
  'cloudtrail:LookupEvents': 'No resource type; the caller looks up events of the token parameter only.',
};

module.exports = { WILDCARD_ACTIONS };
