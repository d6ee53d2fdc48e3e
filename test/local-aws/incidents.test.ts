import { ResourceNotFoundException, SSMIncidentsClient, StartIncidentCommand, type StartIncidentCommandInput } from '@aws-sdk/client-ssm-incidents';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CREDENTIALS, FakeAgent, REGION, startTestEndpoint, type TestEndpoint } from './helpers.js';

let endpoint: TestEndpoint;
let client: SSMIncidentsClient;
let responsePlanArn: string;

beforeEach(async () => {
  endpoint = await startTestEndpoint(new FakeAgent([]));
  client = new SSMIncidentsClient({ region: REGION, endpoint: endpoint.aws.url, credentials: CREDENTIALS, maxAttempts: 1 });
  responsePlanArn = endpoint.aws.incidents.createResponsePlan('hf-token-rotation');
});
afterEach(async () => {
  client.destroy();
  await endpoint.close();
});

function start(overrides: Partial<StartIncidentCommandInput> = {}): Promise<{ incidentRecordArn: string | undefined }> {
  return client.send(
    new StartIncidentCommand({
      responsePlanArn,
      clientToken: 'rollout-7',
      title: 'Canary failed for token version 7',
      impact: 2,
      triggerDetails: { source: 'hf-token-rotation', timestamp: new Date(), rawData: '{"key":"rollout-7"}' },
      ...overrides,
    }),
  );
}

describe('StartIncident', () => {
  it('starts an incident', async () => {
    const output = await start();

    const [incident] = endpoint.aws.incidents.incidents();

    expect(output.incidentRecordArn).toMatch(/^arn:aws:ssm-incidents::123456789012:incident-record\/hf-token-rotation\/[0-9a-f-]{36}$/);
    expect(incident?.title).toBe('Canary failed for token version 7');
    expect(incident?.impact).toBe(2);
    expect(incident?.triggerSource).toBe('hf-token-rotation');
  });

  it('returns same incident for client token', async () => {
    const first = await start();

    const second = await start();

    expect(second.incidentRecordArn).toBe(first.incidentRecordArn);
    expect(endpoint.aws.incidents.incidents()).toHaveLength(1);
  });

  it('rejects unknown response plan', async () => {
    const attempt = start({ responsePlanArn: `${responsePlanArn}-missing` });

    await expect(attempt).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('rejects aws source', async () => {
    const attempt = start({ triggerDetails: { source: 'aws.ssm', timestamp: new Date() } });

    await expect(attempt).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('rejects impact out of range', async () => {
    const attempt = start({ impact: 6 });

    await expect(attempt).rejects.toMatchObject({ name: 'ValidationException' });
  });
});
