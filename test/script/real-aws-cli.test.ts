// refresh-token.sh with the real AWS CLI v2 (/usr/bin/aws, Debian's awscli package) in place of
// the stand-in. A wrapper first on PATH adds --endpoint-url for a local endpoint, fake static
// credentials and AWS_EC2_METADATA_DISABLED, and hides any AWS configuration of this machine, so
// the CLI talks to 127.0.0.1 only. Most cases use the local AWS endpoint (local/aws). Access
// denials use the fake SSM endpoint, because the local endpoint plans throttling and server
// errors only.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { GetInventoryCommand, LabelParameterVersionCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../../local/aws/endpoint.js';
import type { CommandAgent } from '../../local/types.js';
import { fingerprintOf, generateTestToken } from '../helpers/token.js';
import { expectNoLeak, expectResultContract } from './expectations.js';
import { createSandbox, TOKEN_PARAMETER, type Sandbox, type ScriptRun } from './sandbox.js';
import { createToolDir } from './tool-dir.js';

const REAL_AWS_CLI = '/usr/bin/aws';
const REGION = 'eu-central-1';
const CREDENTIALS = { accessKeyId: 'AKIAREALCLITEST00000', secretAccessKey: 'real-cli-test-secret-not-a-real-key' };

/** Reports whether /usr/bin/aws runs and is version 2 (Debian's awscli; a v1 prints aws-cli/1.). */
function realCliAvailable(): boolean {
  const version = spawnSync(REAL_AWS_CLI, ['--version'], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
  return version.status === 0 && `${version.stdout}${version.stderr}`.startsWith('aws-cli/2.');
}

const available = realCliAvailable();
const SKIP_REASON = `skipped: ${REAL_AWS_CLI} (AWS CLI v2) not installed`;
if (!available) console.warn(`refresh-token.sh with the real AWS CLI: ${SKIP_REASON}`);

/** Creates a PATH directory whose `aws` runs the real CLI against `endpointUrl`, with every other tool as usual. */
function realCliToolDir(sandbox: Sandbox, endpointUrl: string, name: string): string {
  const wrapper = [
    'AWS_EC2_METADATA_DISABLED=true',
    `AWS_ACCESS_KEY_ID='${CREDENTIALS.accessKeyId}'`,
    `AWS_SECRET_ACCESS_KEY='${CREDENTIALS.secretAccessKey}'`,
    // No configuration or credentials file of this machine may take part.
    'AWS_CONFIG_FILE=/nonexistent/aws-config',
    'AWS_SHARED_CREDENTIALS_FILE=/nonexistent/aws-credentials',
    'export AWS_EC2_METADATA_DISABLED AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE',
    'unset AWS_PROFILE AWS_SESSION_TOKEN',
    `exec ${REAL_AWS_CLI} --endpoint-url '${endpointUrl}' "$@"`,
  ].join('\n');
  return createToolDir(path.join(sandbox.root, name), { shims: { aws: wrapper } });
}

if (!available) {
  describe('refresh-token.sh with the real AWS CLI', () => {
    it.skip(SKIP_REASON, () => undefined);
  });
}

describe.skipIf(!available)('refresh-token.sh with the real AWS CLI', () => {
  let sandbox: Sandbox;
  let aws: LocalAws;
  let ssm: SSMClient;
  let toolDir: string;
  const tokens = [generateTestToken(), generateTestToken()];

  beforeAll(async () => {
    sandbox = await createSandbox();
    const { instanceId } = sandbox.layout;
    const agent: CommandAgent = {
      listInstances: () => [{ instanceId, pingStatus: 'Online', platformType: 'Linux', computerName: `${instanceId}.local`, tags: {} }],
      runInvocation: () => Promise.reject(new Error('this test runs the script itself, not through Run Command')),
    };
    aws = await startLocalAws({ agent, events: () => undefined, region: REGION });
    ssm = new SSMClient({ region: REGION, endpoint: aws.url, credentials: CREDENTIALS });
    for (const token of tokens) {
      await ssm.send(new PutParameterCommand({ Name: TOKEN_PARAMETER, Value: token, Type: 'SecureString', Overwrite: true }));
    }
    await ssm.send(new LabelParameterVersionCommand({ Name: TOKEN_PARAMETER, ParameterVersion: 1, Labels: ['desired'] }));
    toolDir = realCliToolDir(sandbox, aws.url, 'local-endpoint-tools');
  });

  afterAll(async () => {
    ssm?.destroy();
    await aws?.close();
    await sandbox?.close();
  });

  /** Runs the script with the real CLI against the local endpoint; HOME stays unset, as under the agent. */
  function run(inputs: Record<string, string>, extraEnv: Record<string, string> = {}): Promise<ScriptRun> {
    return sandbox.run(inputs, { path: toolDir, unset: ['HOME'], extraEnv });
  }

  async function inventoryOfSandbox(): Promise<Record<string, string> | undefined> {
    const page = await ssm.send(new GetInventoryCommand({ ResultAttributes: [{ TypeName: 'Custom:HfTokenRotation' }] }));
    const entity = page.Entities?.find((candidate) => candidate.Id === sandbox.layout.instanceId);
    return entity?.Data?.['Custom:HfTokenRotation']?.Content?.[0];
  }

  it('applies an explicit version', async () => {
    const applied = await run({ TOKEN_VERSION: '2' });

    expectResultContract(applied);
    expect(applied.result, applied.stderr).toMatchObject({ status: 'applied', version: '2', fingerprint: fingerprintOf(tokens[1]!) });
    expect(applied.result?.message).toBeUndefined();
    expect(await sandbox.runningFingerprint()).toBe(fingerprintOf(tokens[1]!));
    expectNoLeak(sandbox, tokens[1]!, [applied]);
  });

  it('calls went through the real CLI', () => {
    const operations = aws.calls().map((call) => call.operation);

    expect(sandbox.argvLog().filter((entry) => entry.program === 'aws')).toEqual([]);
    expect(operations).toContain('GetParameter');
    expect(operations).toContain('PutInventory');
  });

  it('put-inventory reaches GetInventory', async () => {
    const entry = await inventoryOfSandbox();

    expect(entry).toMatchObject({ Parameter: TOKEN_PARAMETER, Version: '2', Fingerprint: fingerprintOf(tokens[1]!), Status: 'applied' });
    expect(entry?.AppliedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('follows the desired label', async () => {
    const applied = await run({ TOKEN_VERSION: 'desired' });

    expectResultContract(applied);
    expect(applied.result, applied.stderr).toMatchObject({ status: 'applied', version: '1', previousVersion: '2' });
    expect(await sandbox.runningFingerprint()).toBe(fingerprintOf(tokens[0]!));
    expect((await inventoryOfSandbox())?.Version).toBe('1');
  });

  it('missing version fails fetch', async () => {
    const failed = await run({ TOKEN_VERSION: '9' });

    expectResultContract(failed);
    expect(failed.result?.step).toBe('fetch');
    expect(failed.result?.message).toMatch(/^ParameterVersionNotFound: .*exit status 254/);
    expect(failed.stderr).toContain('An error occurred (ParameterVersionNotFound) when calling the GetParameter operation');
  });

  it('rejected report is a warning', async () => {
    const applied = await run({ TOKEN_VERSION: '2' }, { AWS_SSM_INSTANCE_ID: 'i-0notregistered00001' });

    expectResultContract(applied);
    expect(applied.result?.status).toBe('applied');
    expect(applied.result?.message).toContain('inventory not reported: aws ssm put-inventory failed with exit status 254 (InvalidInstanceId)');
  });
});

describe.skipIf(!available)('refresh-token.sh with the real AWS CLI and denials', () => {
  let sandbox: Sandbox;
  let toolDir: string;

  beforeEach(async () => {
    sandbox = await createSandbox();
    sandbox.ssm.putVersion(TOKEN_PARAMETER, generateTestToken());
    toolDir = realCliToolDir(sandbox, sandbox.ssm.url, 'fake-endpoint-tools');
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('access denied fails fetch', async () => {
    sandbox.ssm.denyAll = true;

    const failed = await sandbox.run({ TOKEN_VERSION: '1' }, { path: toolDir });

    expectResultContract(failed);
    expect(failed.result?.step).toBe('fetch');
    expect(failed.result?.message).toMatch(/^AccessDeniedException: .*allow ssm:GetParameter/);
  });

  it('KMS denial fails fetch', async () => {
    sandbox.ssm.denyDecrypt = true;

    const failed = await sandbox.run({ TOKEN_VERSION: '1' }, { path: toolDir });

    expectResultContract(failed);
    expect(failed.result?.step).toBe('fetch');
    expect(failed.result?.message).toMatch(/^AccessDeniedException: .*allow kms:Decrypt/);
  });

  it('failed report is a warning', async () => {
    sandbox.ssm.inventoryError = 'AccessDeniedException';

    const applied = await sandbox.run({ TOKEN_VERSION: '1' }, { path: toolDir });

    expectResultContract(applied);
    expect(applied.result?.status).toBe('applied');
    expect(applied.result?.message).toContain('inventory not reported: aws ssm put-inventory failed with exit status 254 (AccessDeniedException)');
  });
});
