import { GetCommandInvocationCommand, SendCommandCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { VirtualClock } from './virtual-clock.js';

/**
 * Runs the rollout a team would script by hand: one SendCommand per instance, then GetCommandInvocation
 * for every instance every `pollSeconds` of simulated time until each one ended. Returns when all
 * ended. `settle` waits until the endpoint has recorded what the advanced clock finished.
 */
export async function naiveRollout(
  ssm: SSMClient,
  clock: VirtualClock,
  settle: () => Promise<void>,
  input: { documentName: string; instanceIds: string[]; version: string; pollSeconds: number },
): Promise<void> {
  const pending = new Map<string, string>();
  for (const instanceId of input.instanceIds) {
    const output = await ssm.send(
      new SendCommandCommand({
        DocumentName: input.documentName,
        InstanceIds: [instanceId],
        Parameters: { tokenParameter: ['/whisperx/hf_token'], tokenVersion: [input.version] },
      }),
    );
    pending.set(instanceId, output.Command?.CommandId ?? '');
  }
  while (pending.size > 0) {
    clock.advance(input.pollSeconds);
    await settle();
    for (const [instanceId, commandId] of [...pending]) {
      try {
        const invocation = await ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }));
        if (!['Pending', 'InProgress', 'Delayed'].includes(invocation.Status ?? 'Pending')) pending.delete(instanceId);
      } catch (error) {
        // Right after SendCommand the invocation may not exist yet; poll again.
        if (!(error instanceof Error && error.name === 'InvocationDoesNotExist')) throw error;
      }
    }
  }
}
