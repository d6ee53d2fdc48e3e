import type { CommandInvocation } from '@aws-sdk/client-ssm';

/** A result line as the on-instance script prints it. */
export function resultLine(fields: Record<string, string | null>): string {
  return `HF_TOKEN_ROTATION_RESULT ${JSON.stringify(fields)}`;
}

/** An invocation as ListCommandInvocations with Details returns it. */
export function invocation(instanceId: string, status: string, output: string, statusDetails = status): CommandInvocation {
  return {
    CommandId: 'e8d3c0e4-71f7-4491-898f-c9b35bee5f3b',
    InstanceId: instanceId,
    Status: status as CommandInvocation['Status'],
    StatusDetails: statusDetails,
    CommandPlugins: [
      {
        Name: 'refreshToken',
        Status: status as NonNullable<CommandInvocation['CommandPlugins']>[number]['Status'],
        StatusDetails: statusDetails,
        ResponseCode: status === 'Success' ? 0 : 1,
        Output: output,
      },
    ],
  };
}

export const APPLIED_7 = resultLine({
  status: 'applied',
  version: '7',
  previousVersion: '6',
  fingerprint: 'sha256:0a1b2c3d4e5f',
});

export const ROLLED_BACK_7 = resultLine({
  status: 'rolled_back',
  version: '7',
  previousVersion: '6',
  fingerprint: 'sha256:0a1b2c3d4e5f',
  step: 'health',
  message: 'http://localhost:8000/health did not answer 200 within 120 s',
});
