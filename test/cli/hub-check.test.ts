import { DescribeParametersCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/hf-token.js';
import { generateTestToken } from '../helpers/token.js';
import { captureIo } from './helpers.js';

const ssmMock = mockClient(SSMClient);
let server: Server | undefined;
/** HTTP status of the stand-in Hub's whoami-v2 response. */
let whoamiStatus = 200;

beforeEach(() => {
  ssmMock.on(DescribeParametersCommand).resolves({ Parameters: [] });
  ssmMock.on(PutParameterCommand).resolves({ Version: 4 });
});

afterEach(async () => {
  ssmMock.reset();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
  whoamiStatus = 200;
});

/** Starts a stand-in Hub on 127.0.0.1: whoami-v2 as set, and every gated file readable. */
async function startHub(): Promise<string> {
  server = createServer((request, response) => {
    if (request.url === '/api/whoami-v2') {
      response.writeHead(whoamiStatus, { 'content-type': 'application/json' });
      response.end(whoamiStatus === 200 ? JSON.stringify({ name: 'ops', auth: { accessToken: { role: 'read' } } }) : '{}');
      return;
    }
    response.writeHead(200);
    response.end();
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
}

async function put(token: string, env: Record<string, string>) {
  const captured = captureIo({ input: `${token}\n`, env: { LANG: 'C', ...env } });
  const code = await main(['put', '--hub-check', '--region', 'eu-central-1'], captured.io, {
    createSsmClient: () => new SSMClient({ region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  });
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('hf-token put --hub-check', () => {
  it('stores a token the Hub accepts', async () => {
    const hubUrl = await startHub();

    const result = await put(generateTestToken(), { HUB_BASE_URL: hubUrl });

    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`Hub check passed: ${hubUrl} accepts the token`);
    expect(ssmMock).toHaveReceivedCommandTimes(PutParameterCommand, 1);
  });

  it('stores nothing when the Hub rejects the token', async () => {
    const hubUrl = await startHub();
    whoamiStatus = 401;

    const result = await put(generateTestToken(), { HUB_BASE_URL: hubUrl });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('rejected the token; nothing was stored');
    expect(ssmMock).toHaveReceivedCommandTimes(PutParameterCommand, 0);
  });

  it('keeps the token out of a rejection', async () => {
    const hubUrl = await startHub();
    whoamiStatus = 401;
    const token = generateTestToken();

    const result = await put(token, { HUB_BASE_URL: hubUrl });

    expect(result.stdout + result.stderr).not.toContain(token);
  });

  it('skips the check without HUB_BASE_URL', async () => {
    const result = await put(generateTestToken(), {});

    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Hub check skipped: HUB_BASE_URL is not set');
    expect(ssmMock).toHaveReceivedCommandTimes(PutParameterCommand, 1);
  });

  it('rejects a plain-http Hub that is not loopback', async () => {
    const result = await put(generateTestToken(), { HUB_BASE_URL: 'http://hub.example.com' });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid Hub setting: HUB_BASE_URL');
    expect(ssmMock).toHaveReceivedCommandTimes(PutParameterCommand, 0);
  });
});
