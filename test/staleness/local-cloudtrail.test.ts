import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudTrailParameterReads } from '../../shared/staleness/aws/parameter-read-events.js';
import { loadEvent } from '../helpers/events.js';
import { CREDENTIALS, FakeAgent, REGION, startTestEndpoint, type TestEndpoint } from '../local-aws/helpers.js';

interface LookupSample {
  Events: Array<{ EventId: string; CloudTrailEvent: string }>;
}

let endpoint: TestEndpoint;
let cloudtrail: CloudTrailClient;

beforeAll(async () => {
  endpoint = await startTestEndpoint(new FakeAgent([]), { clock: () => new Date('2026-11-30T12:00:00Z') });
  cloudtrail = new CloudTrailClient({ region: REGION, endpoint: endpoint.aws.url, credentials: CREDENTIALS, retryStrategy: new ConfiguredRetryStrategy(3, () => 0) });
  for (const name of ['cloudtrail-lookup-events-get-parameter', 'cloudtrail-lookup-events-get-parameters']) {
    for (const event of loadEvent<LookupSample>(name).Events) endpoint.aws.cloudtrail.seed(JSON.parse(event.CloudTrailEvent));
  }
});

afterAll(async () => {
  cloudtrail.destroy();
  await endpoint.close();
});

describe('local LookupEvents', () => {
  it('filters by event name, newest first', async () => {
    const output = await cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetParameter' }] }));

    expect(output.Events?.map((event) => event.EventId)).toEqual([
      'b3c9e2a1-7d4f-4c2b-8e6a-1f5d9c3b7a21',
      '4e7a1c9d-2b5f-4d8e-a3c6-9f1b7e2d5a44',
      '9c2e5b8a-4f1d-4a7c-9e3b-6d2a8f5c1e90',
      '7f3a9d1e-5c2b-4e8a-b6d4-2a9c7e1f3b65',
    ]);
  });

  it('returns the record as a JSON string', async () => {
    const output = await cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: 'b3c9e2a1-7d4f-4c2b-8e6a-1f5d9c3b7a21' }] }));
    const event = output.Events?.[0];

    expect(event?.EventTime).toEqual(new Date('2026-11-30T09:41:07Z'));
    expect(event?.Username).toBe('contractor-laptop');
    expect(typeof event?.CloudTrailEvent).toBe('string');
    expect(JSON.parse(event?.CloudTrailEvent ?? '{}').sourceIPAddress).toBe('203.0.113.24');
  });

  it('keeps to the time window', async () => {
    const output = await cloudtrail.send(
      new LookupEventsCommand({ StartTime: new Date('2026-11-30T09:00:00Z'), EndTime: new Date('2026-11-30T09:35:00Z') }),
    );

    expect(output.Events?.map((event) => event.EventName)).toEqual(['GetParameter', 'GetParameter']);
  });

  it('pages with NextToken', async () => {
    const first = await cloudtrail.send(new LookupEventsCommand({ MaxResults: 4 }));
    const second = await cloudtrail.send(new LookupEventsCommand({ MaxResults: 4, NextToken: first.NextToken }));

    expect(first.Events).toHaveLength(4);
    expect(second.Events).toHaveLength(2);
    expect(second.NextToken).toBeUndefined();
  });

  it('rejects two lookup attributes', async () => {
    const call = cloudtrail.send(
      new LookupEventsCommand({
        LookupAttributes: [
          { AttributeKey: 'EventName', AttributeValue: 'GetParameter' },
          { AttributeKey: 'Username', AttributeValue: 'intern' },
        ],
      }),
    );

    await expect(call).rejects.toMatchObject({ name: 'InvalidLookupAttributesException' });
  });

  it('rejects a reversed time range', async () => {
    const call = cloudtrail.send(new LookupEventsCommand({ StartTime: new Date('2026-11-30T10:00:00Z'), EndTime: new Date('2026-11-30T09:00:00Z') }));

    await expect(call).rejects.toMatchObject({ name: 'InvalidTimeRangeException' });
  });

  it('feeds the access adapter', async () => {
    const reads = new CloudTrailParameterReads(undefined, cloudtrail);

    const events = await reads.lookup(new Date('2026-11-30T00:00:00Z'), new Date('2026-11-30T11:00:00Z'));

    expect(events.map((event) => event.eventName).sort()).toEqual(['GetParameter', 'GetParameter', 'GetParameter', 'GetParameter', 'GetParameterHistory', 'GetParameters']);
    const denied = events.find((event) => event.eventId === '9c2e5b8a-4f1d-4a7c-9e3b-6d2a8f5c1e90');
    expect(denied).toMatchObject({ errorCode: 'AccessDenied', parameterNames: ['whisperx/hf_token'], principalArn: 'arn:aws:iam::123456789012:user/intern' });
  });
});
