import { DescribeParametersCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/hf-token.js';
import { fingerprintOf, generateTestToken } from '../helpers/token.js';
import { captureIo } from './helpers.js';

const ssmMock = mockClient(SSMClient);
const KEY_ARN = 'arn:aws:kms:eu-central-1:123456789012:key/1111aaaa-2222-3333-4444-555566667777';

beforeEach(() => {
  ssmMock.on(DescribeParametersCommand).resolves({ Parameters: [{ Name: '/whisperx/hf_token', KeyId: KEY_ARN }] });
  ssmMock.on(PutParameterCommand).resolves({ Version: 8 });
});

afterEach(() => {
  ssmMock.reset();
});

async function put(input: string, extra: string[] = [], language = 'en') {
  const captured = captureIo({ input, env: { LANG: 'C' } });
  const code = await main(['put', '--region', 'eu-central-1', '--lang', language, ...extra], captured.io, {
    createSsmClient: () => new SSMClient({ region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  });
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('hf-token put', () => {
  it('stores a SecureString with overwrite', async () => {
    const token = generateTestToken();

    await put(`${token}\n`);

    expect(ssmMock).toHaveReceivedCommandWith(PutParameterCommand, { Name: '/whisperx/hf_token', Value: token, Type: 'SecureString', Overwrite: true });
  });

  it('prints version and fingerprint only', async () => {
    const token = generateTestToken();

    const result = await put(`${token}\n`);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Stored /whisperx/hf_token version 8 (fingerprint ${fingerprintOf(token)}).`);
    expect(result.stdout + result.stderr).not.toContain(token);
  });

  it('keeps the key the parameter has', async () => {
    await put(`${generateTestToken()}\n`);

    expect(ssmMock).toHaveReceivedCommandWith(PutParameterCommand, { KeyId: KEY_ARN });
  });

  it('uses --kms-key-id without looking the key up', async () => {
    await put(`${generateTestToken()}\n`, ['--kms-key-id', 'alias/hf-token']);

    expect(ssmMock).toHaveReceivedCommandWith(PutParameterCommand, { KeyId: 'alias/hf-token' });
    expect(ssmMock).toHaveReceivedCommandTimes(DescribeParametersCommand, 0);
  });

  it('leaves KeyId out for a new parameter', async () => {
    ssmMock.on(DescribeParametersCommand).resolves({ Parameters: [] });

    await put(`${generateTestToken()}\n`);

    expect(ssmMock.commandCalls(PutParameterCommand)[0]?.args[0].input.KeyId).toBeUndefined();
  });

  it('rejects a value that is not token-shaped', async () => {
    const value = `hf_${'x'.repeat(12)}`;

    const result = await put(`${value}\n`);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('it has fewer than 30 letters and digits after hf_');
    expect(result.stderr).not.toContain(value);
    expect(ssmMock).toHaveReceivedCommandTimes(PutParameterCommand, 0);
  });

  it('explains the shape in German', async () => {
    const result = await put('not-a-token\n', [], 'de');

    expect(result.stderr).toContain('Der Wert ist kein Hugging-Face-Token: Er beginnt nicht mit hf_');
  });

  it('redacts the token from an AWS error', async () => {
    const token = generateTestToken();
    ssmMock.on(PutParameterCommand).rejects(Object.assign(new Error(`Value ${token} failed validation`), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } }));

    const result = await put(`${token}\n`);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Value [redacted] failed validation');
    expect(result.stderr).not.toContain(token);
  });
});
