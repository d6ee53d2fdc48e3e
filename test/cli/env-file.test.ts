import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../../cli/errors.js';
import { MESSAGES } from '../../cli/messages.js';
import { readTokenFromEnvFile } from '../../cli/token/env-file.js';
import { generateTestToken } from '../helpers/token.js';

const m = MESSAGES.en;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hf-token-env-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function envFile(content: string): string {
  const path = join(dir, '.env');
  writeFileSync(path, content, { mode: 0o600 });
  return path;
}

function read(path: string, env: Record<string, string> = {}, key = 'HF_TOKEN'): Promise<string> {
  return readTokenFromEnvFile(path, key, (name) => env[name], m);
}

/** Returns the message of the CliError that `promise` rejects with. */
async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CliError);
  return (error as CliError).message;
}

describe('readTokenFromEnvFile', () => {
  it('reads a plain assignment', async () => {
    const token = generateTestToken();

    expect(await read(envFile(`OTHER=1\nHF_TOKEN=${token}\n`))).toBe(token);
  });

  it('accepts an export prefix', async () => {
    const token = generateTestToken();

    expect(await read(envFile(`export HF_TOKEN=${token}\n`))).toBe(token);
  });

  it('removes double quotes', async () => {
    const token = generateTestToken();

    expect(await read(envFile(`HF_TOKEN="${token}"\n`))).toBe(token);
  });

  it('removes single quotes', async () => {
    const token = generateTestToken();

    expect(await read(envFile(`HF_TOKEN='${token}'\n`))).toBe(token);
  });

  it('drops an inline comment', async () => {
    const token = generateTestToken();

    expect(await read(envFile(`HF_TOKEN=${token} # rotated today\n`))).toBe(token);
  });

  it('skips comment lines and CRLF endings', async () => {
    const token = generateTestToken();

    expect(await read(envFile(`# tokens\r\n\r\nHF_TOKEN=${token}\r\n`))).toBe(token);
  });

  it('takes the last assignment', async () => {
    const token = generateTestToken();

    expect(await read(envFile(`HF_TOKEN=${generateTestToken()}\nHF_TOKEN=${token}\n`))).toBe(token);
  });

  it('skips a byte-order mark', async () => {
    const token = generateTestToken();

    expect(await read(envFile(`\uFEFFHF_TOKEN=${token}\n`))).toBe(token);
  });

  it('expands a variable like compose', async () => {
    const token = generateTestToken();

    expect(await read(envFile(`HF_TOKEN=$SECRET_TOKEN\n`), { SECRET_TOKEN: token })).toBe(token);
  });

  it('reads another key with --env-key', async () => {
    const token = generateTestToken();

    expect(await read(envFile(`HUGGINGFACE_TOKEN=${token}\n`), {}, 'HUGGINGFACE_TOKEN')).toBe(token);
  });

  it('reports a missing key', async () => {
    const message = await failure(read(envFile('OTHER=1\n')));

    expect(message).toContain('has no HF_TOKEN line');
  });

  it('reports an empty value', async () => {
    const message = await failure(read(envFile('HF_TOKEN=\n')));

    expect(message).toContain('HF_TOKEN in');
    expect(message).toContain('is empty');
  });

  it('reports a missing file', async () => {
    const message = await failure(read(join(dir, 'missing.env')));

    expect(message).toContain('does not exist');
  });

  it('reports a folder', async () => {
    const message = await failure(read(dir));

    expect(message).toContain('is not a regular file');
  });

  it('names the line of a syntax error', async () => {
    const token = generateTestToken();

    const message = await failure(read(envFile(`A=1\nHF_TOKEN="${token}\n`)));

    expect(message).toContain('line 2');
  });

  it('keeps the token out of a syntax error', async () => {
    const token = generateTestToken();

    const message = await failure(read(envFile(`A=1\nHF_TOKEN="${token}\n`)));

    expect(message).not.toContain(token);
    expect(message).not.toContain(token.slice(3, 20));
  });

  it('keeps the token out of an expansion error', async () => {
    const token = generateTestToken();

    const message = await failure(read(envFile(`HF_TOKEN="${token}\${"\n`)));

    expect(message).not.toContain(token);
  });
});
