import { readFileSync } from 'node:fs';
import { DeleteParameterCommand, LabelParameterVersionCommand, PutParameterCommand, SendCommandCommand } from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BusEvent } from '../../local/types.js';
import { FakeAgent, TEST_DOCUMENT, generateToken, instance, startTestEndpoint, type TestEndpoint } from './helpers.js';

const NAME = '/whisperx/hf_token';

function sample(file: string): BusEvent {
  return JSON.parse(readFileSync(new URL(`../events/${file}`, import.meta.url), 'utf8')) as BusEvent;
}

function shape(event: BusEvent): { top: string[]; detail: string[] } {
  return { top: Object.keys(event).sort(), detail: Object.keys(event.detail).sort() };
}

let endpoint: TestEndpoint;

beforeEach(async () => {
  endpoint = await startTestEndpoint(new FakeAgent([instance(1, { Fleet: 'whisperx' }), instance(2, { Fleet: 'whisperx' })]));
});
afterEach(async () => {
  await endpoint.close();
});

async function putToken(value: string): Promise<void> {
  await endpoint.ssm.send(
    new PutParameterCommand({ Name: NAME, Value: value, Type: 'SecureString', Overwrite: true, Description: 'Hugging Face token for the WhisperX fleet' }),
  );
}

describe('Parameter Store Change events', () => {
  it('match the update sample shape', async () => {
    await putToken(generateToken());
    await putToken(generateToken());

    const update = endpoint.events[1] as BusEvent;
    const expected = sample('parameter-store-change-update.json');

    expect(shape(update)).toEqual(shape(expected));
    expect(update.source).toBe('aws.ssm');
    expect(update['detail-type']).toBe('Parameter Store Change');
    expect(update.detail).toEqual(expected.detail);
    expect(update.resources).toEqual(expected.resources);
    expect(update.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('report create then update', async () => {
    await putToken(generateToken());
    await putToken(generateToken());

    const operations = endpoint.events.map((event) => event.detail['operation']);

    expect(operations).toEqual(['Create', 'Update']);
  });

  it('match the label sample', async () => {
    await putToken(generateToken());

    await endpoint.ssm.send(new LabelParameterVersionCommand({ Name: NAME, Labels: ['desired'] }));
    const label = endpoint.events.at(-1) as BusEvent;

    expect(label.detail).toEqual(sample('parameter-store-change-label.json').detail);
  });

  it('report delete', async () => {
    await putToken(generateToken());

    await endpoint.ssm.send(new DeleteParameterCommand({ Name: NAME }));

    expect(endpoint.events.at(-1)?.detail['operation']).toBe('Delete');
  });

  it('never carry the value', async () => {
    const token = generateToken();
    await putToken(token);
    await endpoint.ssm.send(new LabelParameterVersionCommand({ Name: NAME, Labels: ['desired'] }));
    await endpoint.ssm.send(new DeleteParameterCommand({ Name: NAME }));

    const serialized = JSON.stringify(endpoint.events);

    expect(endpoint.events).toHaveLength(3);
    expect(serialized).not.toContain(token);
    expect(endpoint.events.map((event) => Object.keys(event.detail).filter((key) => /version|value/i.test(key)))).toEqual([[], [], []]);
  });
});

describe('Run Command events', () => {
  it('match the command sample shape', async () => {
    endpoint.aws.createDocument('hf-token-rotation-prod-RefreshToken', TEST_DOCUMENT);

    await endpoint.ssm.send(
      new SendCommandCommand({
        DocumentName: 'hf-token-rotation-prod-RefreshToken',
        Targets: [{ Key: 'tag:Fleet', Values: ['whisperx'] }],
        Parameters: { tokenParameter: [NAME], tokenVersion: ['7'] },
      }),
    );
    await endpoint.aws.whenIdle();
    const commandEvents = endpoint.events.filter((event) => event['detail-type'] === 'EC2 Command Status-change Notification');
    const final = commandEvents.at(-1) as BusEvent;
    const expected = sample('command-status-change-success.json');

    expect(commandEvents.map((event) => event.detail['status'])).toEqual(['InProgress', 'Success']);
    expect(shape(final)).toEqual(shape(expected));
    expect(final.detail['parameters']).toEqual(expected.detail['parameters']);
    expect(final.resources).toEqual([
      'arn:aws:ec2:eu-central-1:123456789012:instance/i-00000000000000001',
      'arn:aws:ec2:eu-central-1:123456789012:instance/i-00000000000000002',
    ]);
  });

  it('match the invocation sample shape', async () => {
    endpoint.aws.createDocument('TestDoc', TEST_DOCUMENT);

    await endpoint.ssm.send(
      new SendCommandCommand({ DocumentName: 'TestDoc', InstanceIds: ['i-00000000000000001'], Parameters: { tokenParameter: [NAME], tokenVersion: ['7'] } }),
    );
    await endpoint.aws.whenIdle();
    const invocationEvents = endpoint.events.filter((event) => event['detail-type'] === 'EC2 Command Invocation Status-change Notification');

    expect(invocationEvents.map((event) => event.detail['status'])).toEqual(['InProgress', 'Success']);
    expect(shape(invocationEvents[1] as BusEvent)).toEqual(shape(sample('command-invocation-status-change-failed.json')));
  });
});
