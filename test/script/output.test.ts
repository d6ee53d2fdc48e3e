// Output limits: ListCommandInvocations keeps 2,500 characters of a step's output and
// GetCommandInvocation 8,000 of its stderr, so pages of image pull progress from `compose up`
// must not push the result line out or fill stderr. The document itself must fit the 64 KB
// that SSM allows for document content and a command's parameter values together.
import { afterEach, describe, expect, it } from 'vitest';
import { buildRefreshDocument } from '../../documents/refresh-token-document.cjs';
import { generateTestToken } from '../helpers/token.js';
import { expectResultContract } from './expectations.js';
import { createSandbox, TOKEN_PARAMETER, type Sandbox } from './sandbox.js';

/** Pull progress that the stand-in prints on stdout of each `compose up`. */
const NOISE_BYTES = 50_000;
const STDERR_LIMIT = 8000;
const LINE_LIMIT = 200;

describe('refresh-token.sh output size', () => {
  let sandbox: Sandbox | undefined;

  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it('pull progress stays out of stdout', async () => {
    sandbox = await createSandbox({ faults: { recreateOutputBytes: NOISE_BYTES } });
    sandbox.ssm.putVersion(TOKEN_PARAMETER, generateTestToken());

    const run = await sandbox.run({ TOKEN_VERSION: '1' });

    expectResultContract(run);
    expect(run.result?.status).toBe('applied');
    expect(run.stdout.split('\n').filter((line) => line !== '')).toHaveLength(1);
    expect(run.stderr.length).toBeLessThan(STDERR_LIMIT);
    expect(run.stderr).toContain('Container whisperx-cuda  Started');
    expect(run.stderr.split('\n').filter((line) => line.length > LINE_LIMIT)).toEqual([]);
  });

  it('rollback output stays short', async () => {
    sandbox = await createSandbox({ faults: { recreateOutputBytes: NOISE_BYTES, healthFailsAfterRecreate: 1 } });
    sandbox.ssm.putVersion(TOKEN_PARAMETER, generateTestToken());

    const run = await sandbox.run({ TOKEN_VERSION: '1', HEALTH_TIMEOUT_SECONDS: '2' });

    expectResultContract(run);
    expect(run.result?.status).toBe('rolled_back');
    expect(run.stderr.length).toBeLessThan(STDERR_LIMIT);
  });

  it('failed recreate shows compose error', async () => {
    sandbox = await createSandbox({ faults: { recreateFails: true } });
    sandbox.ssm.putVersion(TOKEN_PARAMETER, generateTestToken());

    const run = await sandbox.run({ TOKEN_VERSION: '1', HEALTH_TIMEOUT_SECONDS: '2' });

    expectResultContract(run);
    expect(run.result?.step).toBe('rollback_recreate');
    expect(run.stderr).toContain('Error response from daemon: simulated failure');
  });
});

/** SSM's limit for document content, which also counts the parameter values of each command. */
const DOCUMENT_LIMIT_BYTES = 64 * 1024;
/** Room left for parameter values: a parameter name of up to 1,011 characters, paths and a URL. */
const PARAMETER_ROOM_BYTES = 4 * 1024;

describe('refresh document size', () => {
  it('content leaves room for parameters', () => {
    const content = JSON.stringify(buildRefreshDocument({ timeoutSeconds: 900 }));

    expect(Buffer.byteLength(content)).toBeLessThan(DOCUMENT_LIMIT_BYTES - PARAMETER_ROOM_BYTES);
  });
});
