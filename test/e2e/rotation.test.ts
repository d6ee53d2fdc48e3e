import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, TOKEN_PARAMETER, type LocalStack } from '../../local/stack.js';
import { generateToken } from '../../local/tokens.js';
import type { BusEvent } from '../../local/types.js';
import { fingerprint } from '../../shared/token/fingerprint.js';
import { scanFiles, scanTexts } from '../helpers/leak-scan.js';

// The main job end to end, as the demo runs it: version 1 reaches the fleet, version 2 is stored,
// one instance's health check fails after its recreate and it rolls back.
const TAG = { HfTokenConsumer: 'whisperx' };
const HEALTHY = ['i-0e2e0000000000001', 'i-0e2e0000000000002'];
const FAILING = 'i-0e2e0000000000003';
const UNTAGGED = 'i-0e2e0000000000004';

let rootDir: string;
let stack: LocalStack;
const lambdaLog: string[] = [];
const events: BusEvent[] = [];
const first = generateToken();
const second = generateToken();
let envBefore: Record<string, string>;

beforeAll(async () => {
  rootDir = mkdtempSync(join(tmpdir(), 'hf-token-e2e-'));
  stack = await startLocalStack({
    rootDir,
    instances: [
      ...HEALTHY.map((instanceId) => ({ instanceId, tags: TAG })),
      { instanceId: FAILING, tags: TAG },
      { instanceId: UNTAGGED, tags: { Name: 'build-runner' } },
    ],
    serviceEnv: { MAX_CONCURRENCY: '2', POWERTOOLS_LOG_LEVEL: 'INFO' },
    lambdaLog: (line) => lambdaLog.push(line),
    onEvent: (event) => events.push(event),
  });
  await stack.putToken(first);
  await stack.settle();
  stack.fleet.setFaults(FAILING, { healthFailsAfterRecreate: 1 });
  envBefore = Object.fromEntries(
    [...HEALTHY, FAILING, UNTAGGED].map((id) => [id, readFileSync(stack.fleet.envFilePath(id), 'utf8')]),
  );

  await stack.putToken(second);
  await stack.settle();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(rootDir, { recursive: true, force: true });
});

function lastCommand() {
  const commands = stack.aws.ssm.commands();
  return commands[commands.length - 1]!;
}

describe('rotation end to end', () => {
  it('runs version 2 on healthy instances', async () => {
    for (const id of HEALTHY) {
      expect(await stack.fleet.runningFingerprint(id)).toBe(fingerprint(second));
    }
  });

  it('keeps other .env lines on healthy instances', () => {
    for (const id of HEALTHY) {
      const before = envBefore[id]!.split('\n').filter((line) => !line.startsWith('HF_TOKEN='));
      const after = readFileSync(stack.fleet.envFilePath(id), 'utf8').split('\n').filter((line) => !line.startsWith('HF_TOKEN='));
      expect(after).toEqual(before);
    }
  });

  it('rolls the failing instance back byte for byte', async () => {
    expect(readFileSync(stack.fleet.envFilePath(FAILING), 'utf8')).toBe(envBefore[FAILING]);
    expect(await stack.fleet.runningFingerprint(FAILING)).toBe(fingerprint(first));
  });

  it('leaves the untagged instance alone', () => {
    expect(readFileSync(stack.fleet.envFilePath(UNTAGGED), 'utf8')).toBe(envBefore[UNTAGGED]);
    expect(stack.fleet.argvLogs()[UNTAGGED] ?? []).toHaveLength(0);
  });

  it('sends name and version only', () => {
    expect(lastCommand().parameters).toEqual({ tokenParameter: [TOKEN_PARAMETER], tokenVersion: ['2'] });
  });

  it('alerts once about the rollback', () => {
    const alerts = stack.aws.sns.messages(stack.topicArn);

    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.subject).toBe(
      '[hf-token-rotation-local] 1 of 3 instances need attention after token rollout /whisperx/hf_token v2',
    );
    expect(alerts[0]?.message).toContain(`- ${FAILING}: rolled back, step health:`);
    expect(alerts[0]?.message).toContain(`Instances that run the new token:\n${HEALTHY.join(', ')}`);
  });

  it('never recreates with restart', () => {
    const calls = Object.values(stack.fleet.argvLogs()).flat();
    const argvs = calls.map((entry) => JSON.stringify(entry));

    expect(argvs.some((argv) => argv.includes('--force-recreate'))).toBe(true);
    expect(argvs.some((argv) => argv.includes('"restart"'))).toBe(false);
  });

  it('leaks no token anywhere', () => {
    const invocations = stack.aws.ssm.commands().flatMap((command) => stack.aws.ssm.invocations(command.commandId));
    const texts: Record<string, string> = {
      lambdaLog: lambdaLog.join('\n'),
      events: JSON.stringify(events),
      alerts: JSON.stringify(stack.aws.sns.messages()),
      commands: JSON.stringify(stack.aws.ssm.commands()),
      stdout: invocations.map((invocation) => invocation.stdout).join('\n'),
      stderr: invocations.map((invocation) => invocation.stderr).join('\n'),
      argv: JSON.stringify(stack.fleet.argvLogs()),
      calls: JSON.stringify(stack.aws.calls()),
    };
    const allowed = (path: string) => path.endsWith('/project/.env') || path.endsWith('/state/env.backup');

    expect(lambdaLog.length).toBeGreaterThan(0);
    for (const token of [first, second]) {
      expect(scanTexts(token, texts)).toEqual([]);
      expect(scanFiles(token, rootDir, allowed)).toEqual([]);
    }
  });
});
