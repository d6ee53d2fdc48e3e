import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProvider } from '../../serverless/esbuild/lambda-credentials.mjs';
import { packageStack, type PackagedStack } from './helpers/package-stack.js';
import { readZipEntries } from './helpers/zip-entries.js';

// The deployed bundles read AWS credentials from the environment variables Lambda sets, instead
// of the SDK's full default chain. These tests run that stand-in alone and inside a real bundle.
const ACCESS_KEY_ID = 'AKIDLAMBDACREDENTIALS';
let stack: PackagedStack;

/** Starts a 127.0.0.1 server that records request headers and returns a service error for every call. */
async function startRecordingServer() {
  const headers: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    headers.push(request.headers);
    request.resume();
    request.on('end', () => {
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify({ __type: 'InternalServerError', message: 'recording server' }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { headers, port: (server.address() as AddressInfo).port, close: () => server.close() };
}

/** Loads a bundle in a fresh node process and invokes its handler once; resolves with the exit code. */
async function invokeBundle(bundlePath: string, eventPath: string, env: NodeJS.ProcessEnv): Promise<number | null> {
  const script = `
    const { handler } = require(${JSON.stringify(bundlePath)});
    const event = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(eventPath)}, 'utf8'));
    const context = { functionName: 'bundle-test', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:eu-central-1:123456789012:function:bundle-test', memoryLimitInMB: '256', awsRequestId: 'bundle-test', getRemainingTimeInMillis: () => 60000 };
    handler(event, context).catch(() => {}).finally(() => process.exit(0));
  `;
  const child = spawn(process.execPath, ['-e', script], { env, stdio: 'ignore', timeout: 60_000 });
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

beforeAll(() => {
  stack = packageStack('dev');
}, 240_000);

afterAll(() => {
  stack?.remove();
});

describe('lambda credentials', () => {
  it('reads the environment variables', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'session' });
    try {
      const credentials = await defaultProvider()();

      expect(credentials.accessKeyId).toBe(ACCESS_KEY_ID);
      expect(credentials.sessionToken).toBe('session');
    } finally {
      process.env = saved;
    }
  });

  it('fails without environment variables', async () => {
    const saved = { ...process.env };
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    try {
      await expect(defaultProvider()()).rejects.toThrow(/environment variable credentials/);
    } finally {
      process.env = saved;
    }
  });

  it('signs bundle requests with them', async () => {
    const [bundle] = readZipEntries(join(stack.dir, 'onParameterChange.zip')).filter((entry) => entry.name.endsWith('.cjs'));
    const bundlePath = join(stack.dir, 'on-parameter-change.cjs');
    writeFileSync(bundlePath, bundle!.content);
    const eventPath = new URL('../events/parameter-store-change-update.json', import.meta.url).pathname;
    const server = await startRecordingServer();
    const variables = stack.template.Resources.OnParameterChangeLambdaFunction?.Properties?.Environment.Variables as Record<string, unknown>;

    try {
      await invokeBundle(bundlePath, eventPath, {
        PATH: process.env.PATH,
        ...Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, typeof value === 'string' ? value : ''])),
        ALERT_TOPIC_ARN: 'arn:aws:sns:eu-central-1:123456789012:hf-token-rotation-dev-alerts',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        AWS_REGION: 'eu-central-1',
        AWS_ENDPOINT_URL: `http://127.0.0.1:${server.port}`,
        AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'session',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_MAX_ATTEMPTS: '1',
      });
    } finally {
      server.close();
    }

    expect(server.headers.length).toBeGreaterThan(0);
    expect(server.headers[0]?.authorization).toContain(`Credential=${ACCESS_KEY_ID}/`);
  });

  it('keeps the default chain out of bundles', () => {
    for (const name of ['onParameterChange.zip', 'onCommandStatus.zip', 'checkStaleness.zip']) {
      const [bundle] = readZipEntries(join(stack.dir, name)).filter((entry) => entry.name.endsWith('.cjs'));

      // The default chain's final error message; the stand-in never builds a chain.
      const containsChain = bundle!.content.toString('utf8').includes('Could not load credentials from any providers');

      expect(containsChain, `${name} contains the default credential chain`).toBe(false);
    }
  });
});
