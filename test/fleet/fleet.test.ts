// createFleet and runInvocation: the simulated agent runs the real document (prologue and
// script) under sh on each instance, with the per-instance paths and port swapped in.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRefreshDocument, DOCUMENT_PARAMETERS } from '../../documents/refresh-token-document.cjs';
import { createFleet, type SimulatedFleet } from '../../local/fleet/fleet.js';
import type { CommandDocumentContent, InvocationRequest } from '../../local/types.js';
import { scanFiles, scanTexts } from '../helpers/leak-scan.js';
import { fingerprintOf, generateTestToken } from '../helpers/token.js';
import { startFakeSsm, type FakeSsm } from '../script/fake-ssm-endpoint.js';
import { parseResult } from '../script/sandbox.js';

const PARAMETER = '/whisperx/hf_token';
const TAGS = { HfTokenConsumer: 'whisperx' };
const ONLINE = 'i-0fleet000000000001';
const FAILING = 'i-0fleet000000000002';
const OFFLINE = 'i-0fleet000000000003';

/** Command parameters as the endpoint passes them: the document defaults plus the request's values. */
function commandParameters(version: string): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const [name, spec] of Object.entries(DOCUMENT_PARAMETERS)) {
    if (spec.default !== undefined) parameters[name] = spec.default;
  }
  return { ...parameters, tokenParameter: PARAMETER, tokenVersion: version, healthTimeoutSeconds: '5', stopTimeoutSeconds: '1' };
}

/** Builds the document as the endpoint stores it; the builder types its parameters loosely. */
function refreshDocument(timeoutSeconds?: number): CommandDocumentContent {
  return buildRefreshDocument({ timeoutSeconds }) as CommandDocumentContent;
}

function request(instanceId: string, commandId: string, version: string): InvocationRequest {
  return {
    instanceId,
    commandId,
    documentName: 'hf-token-rotation-test-refresh',
    document: refreshDocument(60),
    parameters: commandParameters(version),
    timeoutSeconds: 60,
  };
}

describe('createFleet', () => {
  let rootDir: string;
  let ssm: FakeSsm;
  let fleet: SimulatedFleet;
  const token = generateTestToken();

  beforeAll(async () => {
    rootDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-fleet-test-'));
    ssm = await startFakeSsm();
    ssm.putVersion(PARAMETER, token);
    fleet = await createFleet({
      rootDir,
      awsEndpointUrl: ssm.url,
      region: 'eu-central-1',
      instances: [
        { instanceId: ONLINE, tags: TAGS },
        { instanceId: FAILING, tags: TAGS, faults: { healthFailsAfterRecreate: 1 } },
        { instanceId: OFFLINE, tags: { Name: 'offline' }, online: false },
      ],
    });
  });

  afterAll(async () => {
    await fleet?.stop();
    await ssm?.close();
    fs.rmSync(rootDir, { recursive: true, force: true });
  });

  it('lists instances with ping status', () => {
    const instances = fleet.listInstances();

    expect(instances.map((instance) => [instance.instanceId, instance.pingStatus])).toEqual([
      [ONLINE, 'Online'],
      [FAILING, 'Online'],
      [OFFLINE, 'ConnectionLost'],
    ]);
    expect(instances[0]?.tags).toEqual(TAGS);
    expect(instances[0]?.platformType).toBe('Linux');
  });

  it('starts every container with the template', async () => {
    for (const instanceId of [ONLINE, FAILING, OFFLINE]) {
      expect(await fleet.runningFingerprint(instanceId)).toBe(fingerprintOf('replace-me'));
      expect(fs.readFileSync(fleet.envFilePath(instanceId), 'utf8')).toContain('HF_TOKEN=replace-me\n');
    }
  });

  it('runInvocation applies the token', async () => {
    const outcome = await fleet.runInvocation(request(ONLINE, 'cmd-0001', '1'));

    expect(outcome.status, outcome.stderr).toBe('Success');
    expect(outcome.responseCode).toBe(0);
    expect(parseResult(outcome.stdout)?.status).toBe('applied');
    expect(await fleet.runningFingerprint(ONLINE)).toBe(fingerprintOf(token));
    expect(await fleet.runningFingerprint(FAILING)).toBe(fingerprintOf('replace-me'));
    const stepDir = path.join(fleet.instanceDir(ONLINE), 'invocations', 'cmd-0001', 'refreshToken');
    expect(fs.readFileSync(path.join(stepDir, '_script.sh'), 'utf8')).toContain('TOKEN_VERSION="${SSM_tokenVersion-}"; export TOKEN_VERSION');
    expect(fs.readFileSync(path.join(stepDir, 'stdout'), 'utf8')).toBe(outcome.stdout);
  });

  it('runInvocation uses the instance paths', async () => {
    const calls = fleet.argvLogs()[ONLINE] ?? [];
    const up = calls.find((call) => call.argv.includes('up'));

    expect(up?.argv).toContain(path.dirname(fleet.envFilePath(ONLINE)));
    expect(calls.find((call) => call.program === 'aws')?.argv).toContain(`${PARAMETER}:1`);
    expect(fs.existsSync(path.join(fleet.stateDir(ONLINE), 'state'))).toBe(true);
  });

  it('fault makes runInvocation fail', async () => {
    const outcome = await fleet.runInvocation(request(FAILING, 'cmd-0002', '1'));

    expect(outcome.status).toBe('Failed');
    expect(outcome.responseCode).toBe(1);
    expect(parseResult(outcome.stdout)).toMatchObject({ status: 'rolled_back', step: 'health' });
    expect(await fleet.runningFingerprint(FAILING)).toBe(fingerprintOf('replace-me'));
  });

  it('setFaults applies from the next run', async () => {
    fleet.setFaults(ONLINE, { recreateFails: 1 });
    ssm.putVersion(PARAMETER, generateTestToken());

    const outcome = await fleet.runInvocation(request(ONLINE, 'cmd-0003', '2'));

    expect(outcome.status).toBe('Failed');
    expect(parseResult(outcome.stdout)).toMatchObject({ status: 'rolled_back', step: 'recreate' });
  });

  it('offline instance rejects runInvocation', async () => {
    await expect(fleet.runInvocation(request(OFFLINE, 'cmd-0004', '1'))).rejects.toThrow('is offline');
  });

  it('setOnline brings an instance back', async () => {
    fleet.setOnline(OFFLINE, true);

    const outcome = await fleet.runInvocation(request(OFFLINE, 'cmd-0005', '1'));

    expect(outcome.status, outcome.stderr).toBe('Success');
    expect(fleet.listInstances()[2]?.pingStatus).toBe('Online');
  });

  it('timeout ends the script', async () => {
    const document = refreshDocument();
    document.mainSteps[0]!.inputs.runCommand = ['echo started', 'sleep 30', 'echo not reached'];
    document.mainSteps[0]!.inputs.timeoutSeconds = '1';

    const outcome = await fleet.runInvocation({ ...request(ONLINE, 'cmd-0006', '1'), document, timeoutSeconds: 1 });

    expect(outcome.status).toBe('TimedOut');
    expect(outcome.responseCode).toBe(-1);
    expect(outcome.stdout).toBe('started\n');
  });

  it('token appears only in .env files and backups', () => {
    const allowed = (file: string): boolean => file.endsWith('/project/.env') || file.endsWith('/state/env.backup');

    expect(scanFiles(token, rootDir, allowed)).toEqual([]);
    expect(scanTexts(token, { argv: JSON.stringify(fleet.argvLogs()) })).toEqual([]);
  });

  it('stop ends every container', async () => {
    await fleet.stop();

    for (const instanceId of [ONLINE, FAILING, OFFLINE]) {
      expect(await fleet.runningFingerprint(instanceId)).toBeNull();
    }
  });
});
