import { GetParameterCommand, GetParameterHistoryCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/hf-token.js';
import { captureIo, runBin } from './helpers.js';

const ssmMock = mockClient(SSMClient);

afterEach(() => {
  ssmMock.reset();
});

/** Builds an SDK service error as the client raises it. */
function serviceError(name: string, message: string, httpStatusCode: number): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
}

async function status(language: 'en' | 'de' = 'en') {
  const captured = captureIo({ env: { LANG: 'C' } });
  const code = await main(['status', '--lang', language, '--region', 'eu-central-1'], captured.io, {
    createSsmClient: () => new SSMClient({ region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  });
  return { code, stderr: captured.stderr() };
}

describe('hf-token AWS errors', () => {
  it('exits 4 on access denied', async () => {
    ssmMock.on(GetParameterCommand).rejects(serviceError('AccessDeniedException', 'User is not authorized to perform ssm:GetParameter', 400));

    const result = await status();

    expect(result.code).toBe(4);
    expect(result.stderr).toContain('Access denied: GetParameter on /whisperx/hf_token.');
    expect(result.stderr).toContain('--profile');
  });

  it('explains access denied in German', async () => {
    ssmMock.on(GetParameterCommand).rejects(serviceError('AccessDeniedException', 'not authorized', 400));

    const result = await status('de');

    expect(result.code).toBe(4);
    expect(result.stderr).toContain('Zugriff verweigert: GetParameter auf /whisperx/hf_token.');
  });

  it('exits 4 on expired credentials', async () => {
    ssmMock.on(GetParameterCommand).rejects(serviceError('ExpiredTokenException', 'The security token included in the request is expired', 400));

    const result = await status();

    expect(result.code).toBe(4);
    expect(result.stderr).toContain('have expired');
  });

  it('exits 1 for a missing parameter', async () => {
    ssmMock.on(GetParameterCommand).rejects(serviceError('ParameterNotFound', '', 400));

    const result = await status();

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Parameter /whisperx/hf_token was not found in eu-central-1.');
    expect(result.stderr).toContain('hf-token put');
  });

  it('names operation and code of another AWS error', async () => {
    ssmMock.on(GetParameterCommand).resolves({ Parameter: { Name: '/whisperx/hf_token', Version: 3 } });
    ssmMock.on(GetParameterHistoryCommand).rejects(serviceError('InternalServerError', 'try again', 500));

    const result = await status();

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('GetParameterHistory /whisperx/hf_token failed: InternalServerError: try again');
  });
});

describe('hf-token without credentials', () => {
  it('exits 4 and says how to sign in', { timeout: 30_000 }, async () => {
    const home = mkdtempSync(join(tmpdir(), 'hf-token-home-'));
    try {
      // No credentials anywhere: an empty HOME, no key variables and no instance metadata. The
      // endpoint is a closed loopback port, so no request could leave the machine either way.
      const run = await runBin(['status'], {
        env: {
          HOME: home,
          AWS_ACCESS_KEY_ID: undefined,
          AWS_SECRET_ACCESS_KEY: undefined,
          AWS_SESSION_TOKEN: undefined,
          AWS_PROFILE: undefined,
          AWS_CONFIG_FILE: join(home, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
        },
      });

      expect(run.code).toBe(4);
      expect(run.stderr).toContain('No AWS credentials found.');
      expect(run.stderr).toContain('aws sso login');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
