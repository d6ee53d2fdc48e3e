import { DescribeInstanceInformationCommand, GetInventoryCommand, InvalidInstanceId, PutInventoryCommand } from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeAgent, instance, startTestEndpoint, type TestEndpoint } from './helpers.js';

const TYPE = 'Custom:HfTokenRotation';
let endpoint: TestEndpoint;

beforeEach(async () => {
  endpoint = await startTestEndpoint(
    new FakeAgent([
      instance(1, { Fleet: 'whisperx', Role: 'canary' }),
      instance(2, { Fleet: 'whisperx' }),
      instance(3, { Fleet: 'whisperx' }, 'ConnectionLost'),
      instance(4, { Fleet: 'other' }),
    ]),
  );
});
afterEach(async () => {
  await endpoint.close();
});

async function report(index: number, version: string, status = 'applied'): Promise<void> {
  await endpoint.ssm.send(
    new PutInventoryCommand({
      InstanceId: `i-${index.toString(16).padStart(17, '0')}`,
      Items: [
        {
          TypeName: TYPE,
          SchemaVersion: '1.0',
          CaptureTime: '2026-11-30T09:15:20Z',
          Content: [{ Parameter: '/whisperx/hf_token', Version: version, Fingerprint: 'sha256:0123456789ab', Status: status }],
        },
      ],
    }),
  );
}

describe('DescribeInstanceInformation', () => {
  it('filters by tag', async () => {
    const output = await endpoint.ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'tag:Fleet', Values: ['whisperx'] }] }));

    expect(output.InstanceInformationList?.map((item) => item.InstanceId)).toEqual([
      'i-00000000000000001',
      'i-00000000000000002',
      'i-00000000000000003',
    ]);
    expect(output.InstanceInformationList?.[0]?.PingStatus).toBe('Online');
    expect(output.InstanceInformationList?.[0]?.ComputerName).toBe('gpu-1');
  });

  it('combines tag and ping status', async () => {
    const output = await endpoint.ssm.send(
      new DescribeInstanceInformationCommand({
        Filters: [
          { Key: 'tag:Fleet', Values: ['whisperx'] },
          { Key: 'PingStatus', Values: ['ConnectionLost'] },
        ],
      }),
    );

    expect(output.InstanceInformationList?.map((item) => item.InstanceId)).toEqual(['i-00000000000000003']);
  });

  it('pages with MaxResults', async () => {
    const first = await endpoint.ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 5 }));

    expect(first.InstanceInformationList).toHaveLength(4);
    expect(first.NextToken).toBeUndefined();
  });

  it('rejects unknown filter key', async () => {
    const attempt = endpoint.ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'Color', Values: ['red'] }] }));

    await expect(attempt).rejects.toMatchObject({ name: 'InvalidFilterKey' });
  });
});

describe('inventory', () => {
  it('returns custom items per instance', async () => {
    await report(1, '7');
    await report(2, '6', 'failed');

    const output = await endpoint.ssm.send(new GetInventoryCommand({ ResultAttributes: [{ TypeName: TYPE }] }));

    expect(output.Entities?.map((entity) => entity.Id)).toEqual(['i-00000000000000001', 'i-00000000000000002']);
    expect(output.Entities?.[0]?.Data?.[TYPE]?.Content).toEqual([
      { Parameter: '/whisperx/hf_token', Version: '7', Fingerprint: 'sha256:0123456789ab', Status: 'applied' },
    ]);
  });

  it('replaces the item on a later report', async () => {
    await report(1, '6');
    await report(1, '7');

    const output = await endpoint.ssm.send(new GetInventoryCommand({ ResultAttributes: [{ TypeName: TYPE }] }));

    expect(output.Entities?.[0]?.Data?.[TYPE]?.Content?.[0]?.['Version']).toBe('7');
  });

  it('filters on a custom attribute', async () => {
    await report(1, '7');
    await report(2, '6');

    const output = await endpoint.ssm.send(
      new GetInventoryCommand({ Filters: [{ Key: `${TYPE}.Version`, Values: ['7'], Type: 'NotEqual' }], ResultAttributes: [{ TypeName: TYPE }] }),
    );

    expect(output.Entities?.map((entity) => entity.Id)).toEqual(['i-00000000000000002']);
  });

  it('filters on instance information', async () => {
    const output = await endpoint.ssm.send(
      new GetInventoryCommand({ Filters: [{ Key: 'AWS:InstanceInformation.InstanceStatus', Values: ['Active'], Type: 'Equal' }] }),
    );

    expect(output.Entities?.map((entity) => entity.Id)).toEqual(['i-00000000000000001', 'i-00000000000000002', 'i-00000000000000004']);
    expect(output.Entities?.[0]?.Data?.['AWS:InstanceInformation']?.Content?.[0]?.['ComputerName']).toBe('gpu-1');
  });

  it('pages through entities', async () => {
    const first = await endpoint.ssm.send(new GetInventoryCommand({ MaxResults: 3 }));
    const second = await endpoint.ssm.send(new GetInventoryCommand({ MaxResults: 3, NextToken: first.NextToken }));

    expect(first.Entities).toHaveLength(3);
    expect(second.Entities?.map((entity) => entity.Id)).toEqual(['i-00000000000000004']);
    expect(second.NextToken).toBeUndefined();
  });

  it('rejects type nobody reported', async () => {
    const attempt = endpoint.ssm.send(new GetInventoryCommand({ ResultAttributes: [{ TypeName: TYPE }] }));

    await expect(attempt).rejects.toMatchObject({ name: 'InvalidTypeNameException' });
  });

  it('rejects non-custom type on put', async () => {
    const attempt = endpoint.ssm.send(
      new PutInventoryCommand({
        InstanceId: 'i-00000000000000001',
        Items: [{ TypeName: 'AWS:Application', SchemaVersion: '1.0', CaptureTime: '2026-11-30T09:15:20Z', Content: [] }],
      }),
    );

    await expect(attempt).rejects.toMatchObject({ name: 'InvalidTypeNameException' });
  });

  it('rejects unknown instance on put', async () => {
    const attempt = endpoint.ssm.send(
      new PutInventoryCommand({
        InstanceId: 'i-0000000000000000f',
        Items: [{ TypeName: TYPE, SchemaVersion: '1.0', CaptureTime: '2026-11-30T09:15:20Z', Content: [] }],
      }),
    );

    await expect(attempt).rejects.toBeInstanceOf(InvalidInstanceId);
  });
});
