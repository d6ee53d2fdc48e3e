'use strict';
// Actions the service may grant on all resources ("*"). The Service Authorization Reference lists
// no resource type for any of them, so IAM accepts no narrower Resource. The table "Actions on
// all resources" in docs/iam.md shows the same entries, and the deploy tests fail when the two
// differ or when a role grants "*" for any other action.

/** Action -> what limits its use instead of a resource ARN (the docs table's last column). */
const WILDCARD_ACTIONS = {
  'ssm:ListCommandInvocations': 'the functions ask only for command IDs from their own status events and claims',
  'ssm:ListCommands': 'the functions ask only for command IDs from their own status events and claims',
  'ssm:CancelCommand': 'the functions cancel only the command of a rollout that a newer version replaces, by the ID in its claim',
  'ssm:DescribeInstanceInformation': 'the caller filters by the target tag',
  'ssm:GetInventory': 'the caller filters by the target tag and the custom inventory type',
  'ssm:CreateOpsItem': 'granted only when OpsCenter is on',
  'cloudtrail:LookupEvents': 'the caller looks up events of the token parameter only',
};

module.exports = { WILDCARD_ACTIONS };
