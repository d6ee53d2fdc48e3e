import { InvokeCommand, LambdaClient, type InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/hf-token.js';
import { captureIo } from './helpers.js';

const lambdaMock = mockClient(LambdaClient);
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

afterEach(() => {
  lambdaMock.reset();
});

/** Encodes a response payload. The CLI reads only its bytes, so a plain Uint8Array replaces the SDK's adapter. */
function payload(value: unknown): InvokeCommandOutput['Payload'] {
  return new TextEncoder().encode(JSON.stringify(value)) as unknown as InvokeCommandOutput['Payload'];
}

async function check(extra: string[] = []) {
  const captured = captureIo({ env: { LANG: 'C' } });
  const code = await main(['check', '--stage', 'prod', '--region', 'eu-central-1', ...extra], captured.io, {
    createSsmClient: () => new SSMClient({ region: 'eu-central-1', credentials: CREDENTIALS }),
    createLambdaClient: () => new LambdaClient({ region: 'eu-central-1', credentials: CREDENTIALS }),
  });
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('hf-token check', () => {
  it('invokes the stage check function synchronously', async () => {
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload({ findings: [], sent: 0, suppressed: 0, escalated: 0 }) });

    await check();

    expect(lambdaMock).toHaveReceivedCommandWith(InvokeCommand, {
      FunctionName: 'hf-token-rotation-prod-checkStaleness',
      InvocationType: 'RequestResponse',
    });
  });

  it('exits 0 without findings', async () => {
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload({ findings: [], sent: 0, suppressed: 0, escalated: 0 }) });

    const result = await check();

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No findings');
  });

  it('exits 3 and lists warnings', async () => {
    const findings = [
      { id: 'token_age:/whisperx/hf_token', severity: 'warning', sent: true },
      { id: 'instances_offline:/whisperx/hf_token', severity: 'info', sent: false },
    ];
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload({ findings, sent: 1, suppressed: 1, escalated: 0 }) });

    const result = await check();

    expect(result.code).toBe(3);
    expect(result.stdout).toContain('2 findings: 1 sent in the alert, 1 already sent recently, 0 escalated.');
    expect(result.stdout).toContain('[warning] token_age:/whisperx/hf_token (alert sent)');
  });

  it('exits 0 for info findings only', async () => {
    const findings = [{ id: 'instances_offline:/whisperx/hf_token', severity: 'info', sent: false }];
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload({ findings, sent: 0, suppressed: 0, escalated: 0 }) });

    const result = await check();

    expect(result.code).toBe(0);
  });

  it('prints the result as JSON', async () => {
    const result = { findings: [{ id: 'token_age:/whisperx/hf_token', severity: 'error', sent: true }], sent: 1, suppressed: 0, escalated: 0 };
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload(result) });

    const output = await check(['--json']);

    expect(JSON.parse(output.stdout)).toEqual(result);
  });

  it('exits 1 when the function fails', async () => {
    lambdaMock.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: payload({ errorType: 'AwsOperationError', errorMessage: 'Publish failed' }),
    });

    const result = await check();

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The check function hf-token-rotation-prod-checkStaleness failed: AwsOperationError: Publish failed.');
  });

  it('exits 1 when the function is not deployed', async () => {
    lambdaMock.on(InvokeCommand).rejects(Object.assign(new Error('Function not found'), { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } }));

    const result = await check();

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The check function hf-token-rotation-prod-checkStaleness does not exist in eu-central-1.');
  });
});
