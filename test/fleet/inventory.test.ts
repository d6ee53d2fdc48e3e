// The inventory report end to end on the simulated fleet: the agent sets AWS_SSM_INSTANCE_ID, the
// script calls `aws ssm put-inventory` through the stand-in, and GetInventory on the local AWS
// endpoint returns what each instance now runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetInventoryCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRefreshDocument, DOCUMENT_PARAMETERS } from '../../documents/refresh-token-document.cjs';
import { startLocalAws, type LocalAws } from '../../local/aws/endpoint.js';
import { createFleet, type SimulatedFleet } from '../../local/fleet/fleet.js';
import type { CommandAgent, CommandDocumentContent, InvocationRequest } from '../../local/types.js';
import { fingerprintOf, generateTestToken } from '../helpers/token.js';
import { parseResult } from '../script/sandbox.js';

const PARAMETER = '/whisperx/hf_token';
const REGION = 'eu-central-1';
const HEALTHY = 'i-0inventory00000001';
const FAILING = 'i-0inventory00000002';
const TYPE_NAME = 'Custom:HfTokenRotation';

function request(instanceId: string, commandId: string, version: string): InvocationRequest {
  const parameters: Record<string, string> = {};
  for (const [name, spec] of Object.entries(DOCUMENT_PARAMETERS)) {
    if (spec.default !== undefined) parameters[name] = spec.default;
  }
  return {
    instanceId,
    commandId,
    documentName: 'hf-token-rotation-test-refresh',
    document: buildRefreshDocument({ timeoutSeconds: 60 }) as CommandDocumentContent,
    parameters: { ...parameters, tokenParameter: PARAMETER, tokenVersion: version, healthTimeoutSeconds: '3', stopTimeoutSeconds: '1' },
    timeoutSeconds: 60,
  };
}

describe('fleet inventory report', () => {
  let rootDir: string;
  let aws: LocalAws;
  let ssm: SSMClient;
  let fleet: SimulatedFleet | undefined;
  const tokens = [generateTestToken(), generateTestToken()];

  beforeAll(async () => {
    rootDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-fleet-inventory-'));
    // The endpoint needs the fleet as its agent, and the fleet needs the endpoint's URL.
    const agent: CommandAgent = {
      listInstances: () => fleet?.listInstances() ?? [],
      runInvocation: (invocation) => fleet!.runInvocation(invocation),
    };
    aws = await startLocalAws({ agent, events: () => undefined, region: REGION });
    ssm = new SSMClient({ region: REGION, endpoint: aws.url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    for (const token of tokens) {
      await ssm.send(new PutParameterCommand({ Name: PARAMETER, Value: token, Type: 'SecureString', Overwrite: true }));
    }
    fleet = await createFleet({
      rootDir,
      awsEndpointUrl: aws.url,
      region: REGION,
      instances: [
        { instanceId: HEALTHY, tags: {} },
        { instanceId: FAILING, tags: {} },
      ],
    });
  });

  afterAll(async () => {
    await fleet?.stop();
    ssm?.destroy();
    await aws?.close();
    fs.rmSync(rootDir, { recursive: true, force: true });
  });

  async function inventory(): Promise<Map<string, Record<string, string> | undefined>> {
    const page = await ssm.send(new GetInventoryCommand({ ResultAttributes: [{ TypeName: TYPE_NAME }] }));
    return new Map((page.Entities ?? []).map((entity) => [entity.Id ?? '', entity.Data?.[TYPE_NAME]?.Content?.[0]]));
  }

  it('applied run is reported', async () => {
    const outcome = await fleet!.runInvocation(request(HEALTHY, 'cmd-inventory-1', '1'));

    expect(parseResult(outcome.stdout)?.status, outcome.stderr).toBe('applied');
    const entry = (await inventory()).get(HEALTHY);
    expect(entry).toMatchObject({ Parameter: PARAMETER, Version: '1', Fingerprint: fingerprintOf(tokens[0]!), Status: 'applied' });
  });

  it('rollback reports the version kept', async () => {
    await fleet!.runInvocation(request(FAILING, 'cmd-inventory-2', '1'));
    fleet!.setFaults(FAILING, { healthFailsAfterRecreate: 1 });

    const outcome = await fleet!.runInvocation(request(FAILING, 'cmd-inventory-3', '2'));

    expect(parseResult(outcome.stdout)).toMatchObject({ status: 'rolled_back', step: 'health' });
    const entry = (await inventory()).get(FAILING);
    expect(entry).toMatchObject({ Version: '1', Fingerprint: fingerprintOf(tokens[0]!), Status: 'rolled_back' });
  });

  it('unchanged run refreshes the report', async () => {
    const outcome = await fleet!.runInvocation(request(HEALTHY, 'cmd-inventory-4', '1'));

    expect(parseResult(outcome.stdout)?.status).toBe('unchanged');
    expect((await inventory()).get(HEALTHY)).toMatchObject({ Version: '1', Status: 'unchanged' });
  });

  it('report carries no token', () => {
    const calls = JSON.stringify(fleet!.argvLogs());

    for (const token of tokens) expect(calls).not.toContain(token);
    expect(calls).toContain('put-inventory');
  });
});
