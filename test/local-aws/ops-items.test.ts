import { CreateOpsItemCommand, OpsItemAlreadyExistsException, type CreateOpsItemCommandInput } from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeAgent, startTestEndpoint, type TestEndpoint } from './helpers.js';

let endpoint: TestEndpoint;

beforeEach(async () => {
  endpoint = await startTestEndpoint(new FakeAgent([]));
});
afterEach(async () => {
  await endpoint.close();
});

function opsItem(dedupString: string, overrides: Partial<CreateOpsItemCommandInput> = {}): CreateOpsItemCommand {
  return new CreateOpsItemCommand({
    Title: 'Canary failed for token version 7',
    Description: 'The canary instance rejected version 7.',
    Source: 'hf-token-rotation',
    Priority: 2,
    Severity: '2',
    Category: 'Availability',
    OperationalData: { '/aws/dedup': { Type: 'SearchableString', Value: JSON.stringify({ dedupString }) } },
    ...overrides,
  });
}

describe('CreateOpsItem', () => {
  it('creates an open OpsItem', async () => {
    const output = await endpoint.ssm.send(opsItem('rollout-7'));

    const [item] = endpoint.aws.ssm.opsItems();

    expect(output.OpsItemId).toMatch(/^oi-[0-9a-f]{12}$/);
    expect(output.OpsItemArn).toBe(`arn:aws:ssm:eu-central-1:123456789012:opsitem/${output.OpsItemId}`);
    expect(item?.title).toBe('Canary failed for token version 7');
    expect(item?.priority).toBe(2);
  });

  it('raises duplicate for open dedup string', async () => {
    const first = await endpoint.ssm.send(opsItem('rollout-7'));

    const error = await endpoint.ssm.send(opsItem('rollout-7')).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpsItemAlreadyExistsException);
    expect((error as OpsItemAlreadyExistsException).OpsItemId).toBe(first.OpsItemId);
    expect(endpoint.aws.ssm.opsItems()).toHaveLength(1);
  });

  it('creates another for new dedup string', async () => {
    await endpoint.ssm.send(opsItem('rollout-7'));

    await endpoint.ssm.send(opsItem('rollout-8'));

    expect(endpoint.aws.ssm.opsItems()).toHaveLength(2);
  });

  it('rejects reserved source', async () => {
    const attempt = endpoint.ssm.send(opsItem('rollout-7', { Source: 'aws.ssm' }));

    await expect(attempt).rejects.toMatchObject({ name: 'OpsItemInvalidParameterException' });
  });
});
