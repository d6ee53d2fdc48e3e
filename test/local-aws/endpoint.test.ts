import { CreateTopicCommand, PublishCommand } from '@aws-sdk/client-sns';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CREDENTIALS, FakeAgent, captureOutput, generateToken, instance, startTestEndpoint, type TestEndpoint } from './helpers.js';

let endpoint: TestEndpoint;

beforeEach(async () => {
  endpoint = await startTestEndpoint(new FakeAgent([instance(1, { Fleet: 'whisperx' })]));
});
afterEach(async () => {
  await endpoint.close();
});

async function post(headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  const response = await fetch(endpoint.aws.url, { method: 'POST', headers, body });
  return { status: response.status, text: await response.text() };
}

describe('request checks', () => {
  it('listens on loopback only', () => {
    expect(endpoint.aws.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('rejects SSM call without signature', async () => {
    const response = await post(
      { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' },
      JSON.stringify({ Name: '/x' }),
    );

    expect(response.status).toBe(403);
    expect(JSON.parse(response.text)).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
  });

  it('rejects SNS call without signature', async () => {
    const response = await post({ 'content-type': 'application/x-www-form-urlencoded' }, 'Action=ListTopics&Version=2010-03-31');

    expect(response.status).toBe(403);
    expect(response.text).toContain('<Code>MissingAuthenticationTokenException</Code>');
    expect(response.text).toContain('<Type>Sender</Type>');
  });

  it('rejects client signed for another region', async () => {
    const client = new SSMClient({ region: 'us-east-1', endpoint: endpoint.aws.url, credentials: CREDENTIALS, maxAttempts: 1 });

    const attempt = client.send(new GetParameterCommand({ Name: '/x' }));

    await expect(attempt).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    client.destroy();
  });

  it('rejects unknown SSM operation', async () => {
    const response = await post(
      {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonSSM.DeleteEverything',
        authorization: `AWS4-HMAC-SHA256 Credential=local/20261130/eu-central-1/ssm/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
      },
      '{}',
    );

    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toMatchObject({ __type: 'UnknownOperationException' });
  });
});

describe('call log', () => {
  it('records operations without bodies', async () => {
    const token = generateToken();

    await endpoint.ssm.send(new PutParameterCommand({ Name: '/whisperx/hf_token', Value: token, Type: 'SecureString' }));
    await endpoint.ssm.send(new GetParameterCommand({ Name: '/missing' })).catch(() => undefined);
    const calls = endpoint.aws.calls();

    expect(calls.map((call) => [call.service, call.operation, call.errorCode])).toEqual([
      ['ssm', 'PutParameter', undefined],
      ['ssm', 'GetParameter', 'ParameterNotFound'],
    ]);
    expect(JSON.stringify(calls)).not.toContain(token);
  });
});

describe('faults', () => {
  it('throttle then succeed on retry', async () => {
    endpoint.aws.faults.throttle('PutParameter', 2);

    const output = await endpoint.ssm.send(new PutParameterCommand({ Name: '/p', Value: 'v', Type: 'String' }));

    expect(output.Version).toBe(1);
    expect(output.$metadata.attempts).toBe(3);
    expect(endpoint.aws.calls().map((call) => call.errorCode)).toEqual(['ThrottlingException', 'ThrottlingException', undefined]);
  });

  it('throttle SNS with its own error', async () => {
    const topic = await endpoint.sns.send(new CreateTopicCommand({ Name: 'alerts' }));
    endpoint.aws.faults.throttle('Publish', 5);

    const attempt = endpoint.sns.send(new PublishCommand({ TopicArn: topic.TopicArn, Message: 'x' }));

    await expect(attempt).rejects.toMatchObject({ name: 'ThrottledException' });
  });

  it('fail with server error', async () => {
    endpoint.aws.faults.serverError('GetParameter', 3);

    const attempt = endpoint.ssm.send(new GetParameterCommand({ Name: '/x' }));

    await expect(attempt).rejects.toMatchObject({ name: 'InternalServerError', $metadata: { httpStatusCode: 500 } });
  });

  it('leave other operations alone', async () => {
    endpoint.aws.faults.serverError('SendCommand', 1);

    const output = await endpoint.ssm.send(new PutParameterCommand({ Name: '/p', Value: 'v', Type: 'String' }));

    expect(output.Version).toBe(1);
  });
});

describe('token secrecy', () => {
  it('keeps token out of output and events', async () => {
    const output = captureOutput();
    const token = generateToken();
    try {
      await endpoint.ssm.send(new PutParameterCommand({ Name: '/whisperx/hf_token', Value: token, Type: 'SecureString' }));
      await endpoint.ssm.send(new PutParameterCommand({ Name: '/whisperx/hf_token', Value: generateToken(), Type: 'SecureString', Overwrite: true }));
      await endpoint.ssm.send(new GetParameterCommand({ Name: '/whisperx/hf_token:1', WithDecryption: true }));
      await endpoint.ssm.send(new PutParameterCommand({ Name: '/whisperx/hf_token', Value: token, Type: 'SecureString' })).catch(() => undefined);
      await endpoint.ssm
        .send(new PutParameterCommand({ Name: '/whisperx/pattern', Value: token, Type: 'String', AllowedPattern: '^[0-9]+$' }))
        .catch(() => undefined);
    } finally {
      output.restore();
    }

    expect(output.text()).not.toContain(token);
    expect(JSON.stringify(endpoint.events)).not.toContain(token);
    expect(JSON.stringify(endpoint.aws.calls())).not.toContain(token);
    expect(JSON.stringify(endpoint.aws.ssm.parameterHistory('/whisperx/hf_token'))).not.toContain(token);
  });
});
