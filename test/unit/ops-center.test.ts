import { CreateOpsItemCommand, OpsItemAlreadyExistsException, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { OpsCenterEscalator } from '../../shared/aws/ops-center.js';

const ssm = mockClient(SSMClient);
const escalation = { dedupKey: 'hf-token-rotation-prod:/whisperx/hf_token:7:rollout', title: 'canary failed', summary: 'i-1: failed', impact: 2 as const };

afterEach(() => ssm.reset());

describe('OpsCenterEscalator', () => {
  it('creates an OpsItem with the dedup key', async () => {
    ssm.on(CreateOpsItemCommand).resolves({ OpsItemId: 'oi-1' });

    const references = await new OpsCenterEscalator(new SSMClient({})).escalate(escalation);

    expect(references).toEqual(['oi-1']);
    const input = ssm.commandCalls(CreateOpsItemCommand)[0]?.args[0].input;
    expect(JSON.parse(input?.OperationalData?.['/aws/dedup']?.Value ?? '{}')).toEqual({ dedupString: escalation.dedupKey });
  });

  it('returns the open OpsItem for a duplicate', async () => {
    ssm.on(CreateOpsItemCommand).rejects(new OpsItemAlreadyExistsException({ message: 'exists', $metadata: {}, OpsItemId: 'oi-1' }));

    const references = await new OpsCenterEscalator(new SSMClient({})).escalate(escalation);

    expect(references).toEqual(['oi-1']);
  });
});
