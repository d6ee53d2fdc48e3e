// hf-token end to end against the local stack: the local AWS endpoint, the simulated fleet running
// the real refresh script, and the deployed functions' handlers in this process. The CLI runs as a
// child process through bin/hf-token (AWS_ENDPOINT_URL points it at the local endpoint) or
// in-process through main().
import { PutInventoryCommand } from '@aws-sdk/client-ssm';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/hf-token.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { scanFiles, scanTexts } from '../helpers/leak-scan.js';
import { fingerprintOf, generateTestToken } from '../helpers/token.js';
import { captureIo, runBin, type BinRun } from './helpers.js';

const TAG = { HfTokenConsumer: 'whisperx' };
const CANARY = 'i-0c11a0000000000a1';
const SECOND = 'i-0c11a0000000000a2';
const UNTAGGED = 'i-0c11a0000000000a3';
const STAGE = ['--stage', 'local', '--no-color'];
/** A child run loads tsx and the SDK and polls every 2 s, so rollouts take several seconds. */
const ROLLOUT_TIMEOUT_MS = 90_000;

let rootDir: string;
let stack: LocalStack;
const tokens: string[] = [];

beforeAll(async () => {
  rootDir = mkdtempSync(join(tmpdir(), 'hf-token-cli-e2e-'));
  stack = await startLocalStack({
    rootDir,
    instances: [
      { instanceId: CANARY, tags: { ...TAG, Name: 'gpu-1' } },
      { instanceId: SECOND, tags: { ...TAG, Name: 'gpu-2' } },
      { instanceId: UNTAGGED, tags: { Name: 'build-runner' } },
    ],
  });
});

afterAll(async () => {
  await stack?.stop();
  rmSync(rootDir, { recursive: true, force: true });
});

/** Runs main() in this process; the stack has pointed the SDK at the local endpoint. */
async function runInProcess(argv: string[], env: Record<string, string | undefined> = { LANG: 'C' }) {
  const captured = captureIo({ env });
  const code = await main([...argv, ...STAGE], captured.io, { pollIntervalMs: 100 });
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

/** Generates a test token and registers it with the local Hub, so the pre-flight check passes it. */
function newToken(): string {
  const token = generateTestToken();
  stack.hub.register(token, { role: 'read', gatedAccess: true });
  tokens.push(token);
  return token;
}

function expectNoLeak(token: string, run: BinRun): void {
  expect(scanTexts(token, { stdout: run.stdout, stderr: run.stderr, argv: run.argv.join(' ') })).toEqual([]);
}

describe('hf-token on the local stack', () => {
  it('put --hub-check --wait stores the token and follows the rollout', { timeout: ROLLOUT_TIMEOUT_MS }, async () => {
    const token = newToken();

    const run = await runBin(['put', '--wait', '--hub-check', ...STAGE], { stdin: `${token}\n`, env: { HUB_BASE_URL: stack.hub.url } });

    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Hub check passed: ${stack.hub.url} accepts the token`);
    expect(run.stdout).toContain(`Stored /whisperx/hf_token version 1 (fingerprint ${fingerprintOf(token)})`);
    expect(run.stdout).toContain('Rollout of version 1 succeeded: all 2 instances run it.');
    expect(run.stderr).toContain('Instances done: 2/2');
    expectNoLeak(token, run);
  });

  it('status --json shows every tagged instance on the version', { timeout: ROLLOUT_TIMEOUT_MS }, async () => {
    const run = await runBin(['status', '--json', ...STAGE]);
    const status = JSON.parse(run.stdout) as {
      labels: { desired: number; deployed: number };
      instances: Array<{ instanceId: string; version: number; fingerprint: string; behind: boolean }>;
      behind: string[];
    };

    expect(run.code, run.stderr).toBe(0);
    expect(status.labels).toMatchObject({ desired: 1, deployed: 1 });
    expect(status.instances.map((instance) => instance.instanceId)).toEqual([CANARY, SECOND]);
    expect(status.instances.map((instance) => instance.version)).toEqual([1, 1]);
    expect(status.instances.map((instance) => instance.fingerprint)).toEqual([fingerprintOf(tokens[0] ?? ''), fingerprintOf(tokens[0] ?? '')]);
    expect(status.behind).toEqual([]);
  });

  it('put --from-env-file reads the token as compose does', { timeout: ROLLOUT_TIMEOUT_MS }, async () => {
    const token = newToken();
    const envPath = join(rootDir, 'operator.env');
    writeFileSync(envPath, `# WhisperX\nexport HF_TOKEN='${token}' \nOTHER=1\n`, { mode: 0o600 });

    const run = await runBin(['put', '--from-env-file', envPath, '--wait', ...STAGE]);

    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`version 2 (fingerprint ${fingerprintOf(token)})`);
    expectNoLeak(token, run);
  });

  it('leaves the token in no file but the .env files and backups', () => {
    const allowed = (path: string) => path.endsWith('.env') || path.endsWith('env.backup');

    for (const token of tokens) expect(scanFiles(token, rootDir, allowed)).toEqual([]);
  });

  it('put --wait exits 1 and names the instance that rolled back', { timeout: ROLLOUT_TIMEOUT_MS }, async () => {
    const token = newToken();
    stack.fleet.setFaults(SECOND, { healthFailsAfterRecreate: 1 });

    const run = await runBin(['put', '--wait', ...STAGE], { stdin: token });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${SECOND}: rolled back at step health`);
    expect(run.stdout).toContain('Rollout of version 3 failed: 1 of 2 instances do not run it');
    expectNoLeak(token, run);
  });

  it('status exits 3 when an instance is behind', async () => {
    const result = await runInProcess(['status']);

    expect(result.code).toBe(3);
    expect(result.stdout).toContain('1 of 2 instances do not run version 3.');
  });

  it('status speaks German with --lang de', async () => {
    const result = await runInProcess(['status', '--lang', 'de']);

    expect(result.stdout).toContain('Instanzen mit dem Tag HfTokenConsumer=whisperx: 2');
    expect(result.stdout).toContain('zurückgerollt');
  });

  it('rollout --dry-run lists only the tagged instances', async () => {
    const result = await runInProcess(['rollout', '--dry-run']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('A rollout of version 3 would target 2 instances with tag HfTokenConsumer=whisperx:');
    expect(result.stdout).toContain(CANARY);
    expect(result.stdout).toContain(SECOND);
    expect(result.stdout).not.toContain(UNTAGGED);
  });

  it('rollback --wait returns the fleet to the deployed version', { timeout: ROLLOUT_TIMEOUT_MS }, async () => {
    const rollback = await runInProcess(['rollback', '--wait']);
    const status = await runInProcess(['status', '--json']);
    const parsed = JSON.parse(status.stdout) as { labels: { desired: number }; instances: Array<{ version: number }> };

    expect(rollback.code, rollback.stderr).toBe(0);
    expect(rollback.stdout).toContain('Rolling back from version 3 to version 2.');
    expect(status.code).toBe(0);
    expect(parsed.labels.desired).toBe(2);
    expect(parsed.instances.map((instance) => instance.version)).toEqual([2, 2]);
  });

  it('status prefers the inventory item of an instance', async () => {
    await stack.ssm.send(
      new PutInventoryCommand({
        InstanceId: CANARY,
        Items: [
          {
            TypeName: 'Custom:HfTokenRotation',
            SchemaVersion: '1.0',
            CaptureTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
            Content: [{ Parameter: '/whisperx/hf_token', Version: '2', Fingerprint: fingerprintOf(tokens[1] ?? ''), Status: 'applied', AppliedAt: new Date().toISOString() }],
          },
        ],
      }),
    );

    const result = await runInProcess(['status', '--json']);
    const parsed = JSON.parse(result.stdout) as { inventoryAvailable: boolean; instances: Array<{ instanceId: string; source: string }> };

    expect(parsed.inventoryAvailable).toBe(true);
    expect(parsed.instances.find((instance) => instance.instanceId === CANARY)?.source).toBe('inventory');
    // The refresh script reports the item after every run, so the other instance has one too.
    expect(parsed.instances.find((instance) => instance.instanceId === SECOND)?.source).toBe('inventory');
  });

  it('check runs the scheduled checks once', async () => {
    const result = await runInProcess(['check', '--json']);
    const parsed = JSON.parse(result.stdout) as { findings: Array<{ id: string; severity: string }> };

    expect(result.stderr).toContain('hf-token-rotation-local-checkStaleness');
    expect(Array.isArray(parsed.findings)).toBe(true);
    expect([0, 3]).toContain(result.code);
  });

  it('abort reports that nothing runs', async () => {
    const result = await runInProcess(['abort']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No refresh command for /whisperx/hf_token is pending or running');
  });

  it('put --hub-check stores nothing the Hub rejects', { timeout: ROLLOUT_TIMEOUT_MS }, async () => {
    const token = generateTestToken();
    const before = stack.aws.ssm.parameterHistory('/whisperx/hf_token').length;

    const run = await runBin(['put', '--hub-check', ...STAGE], { stdin: token, env: { HUB_BASE_URL: stack.hub.url } });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('rejected the token; nothing was stored');
    expect(stack.aws.ssm.parameterHistory('/whisperx/hf_token')).toHaveLength(before);
    expectNoLeak(token, run);
  });

  it('put --wait reports a rollout the pre-flight check blocked', { timeout: ROLLOUT_TIMEOUT_MS }, async () => {
    const token = generateTestToken();

    const run = await runBin(['put', '--wait', ...STAGE], { stdin: token });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Rollout: blocked');
    expect(run.stdout).toMatch(/The rollout of version \d+ stopped before it finished: blocked: /);
    expectNoLeak(token, run);
  });

  it('status exits 1 for a parameter that does not exist', async () => {
    const result = await runInProcess(['status', '--parameter', '/whisperx/missing']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Parameter /whisperx/missing was not found in eu-central-1.');
  });
});
