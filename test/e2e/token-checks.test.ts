import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { generateToken } from '../../local/tokens.js';
import { fingerprint } from '../../shared/token/fingerprint.js';

// A token the Hub rejects, or one without access to the gated models, never reaches the fleet,
// and the daily check on the same stack flags a token as it ages.
const INSTANCES = ['i-0f1a0000000000001', 'i-0f1a0000000000002'];

let rootDir: string;
let stack: LocalStack;
const working = generateToken();
let envBefore: string[];

beforeAll(async () => {
  rootDir = mkdtempSync(join(tmpdir(), 'hf-token-preflight-'));
  stack = await startLocalStack({
    rootDir,
    instances: INSTANCES.map((instanceId) => ({ instanceId, tags: { HfTokenConsumer: 'whisperx' } })),
    serviceEnv: { MAX_CONCURRENCY: '2' },
  });
  await stack.putToken(working);
  await stack.settle();
  envBefore = INSTANCES.map((id) => readFileSync(stack.fleet.envFilePath(id), 'utf8'));
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(rootDir, { recursive: true, force: true });
});

describe('token checks on the local stack', () => {
  it('blocks a token the Hub rejects', async () => {
    const commandsBefore = stack.aws.ssm.commands().length;

    await stack.putToken(generateToken(), 'unknown');
    await stack.settle();

    expect(stack.aws.ssm.commands()).toHaveLength(commandsBefore);
    expect(stack.aws.sns.messages(stack.topicArn).at(-1)?.subject).toBe(
      '[hf-token-rotation-local] Token /whisperx/hf_token v2 rejected, not rolled out',
    );
  });

  it('blocks a token without gated access', async () => {
    const commandsBefore = stack.aws.ssm.commands().length;

    await stack.putToken(generateToken(), { role: 'read', gatedAccess: false });
    await stack.settle();

    expect(stack.aws.ssm.commands()).toHaveLength(commandsBefore);
    expect(stack.aws.sns.messages(stack.topicArn).at(-1)?.message).toContain('pyannote/speaker-diarization-3.1');
  });

  it('keeps the fleet on the working token', async () => {
    for (const [index, id] of INSTANCES.entries()) {
      expect(await stack.fleet.runningFingerprint(id)).toBe(fingerprint(working));
      expect(readFileSync(stack.fleet.envFilePath(id), 'utf8')).toBe(envBefore[index]);
    }
  });

  it('daily check warns about an aging token', async () => {
    const eightyDaysLater = () => new Date(Date.now() + 80 * 86_400_000);

    const result = await stack.runChecks(eightyDaysLater);

    expect(result.findings.some((finding) => finding.severity === 'warning')).toBe(true);
    expect(stack.aws.sns.messages(stack.topicArn).at(-1)?.message).toMatch(/is 80 days old and reaches the maximum age in 10 days/);
  });

  it('daily check turns critical past the maximum age', async () => {
    const hundredDaysLater = () => new Date(Date.now() + 100 * 86_400_000);

    const result = await stack.runChecks(hundredDaysLater);

    expect(result.findings.some((finding) => finding.severity === 'critical')).toBe(true);
  });
});
