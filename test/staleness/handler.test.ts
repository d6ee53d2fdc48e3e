import { PublishCommand } from '@aws-sdk/client-sns';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../local/lambda-context.js';
import { startLocalHub, type LocalHub } from '../../local/hub/server.js';
import { loadEvent } from '../helpers/events.js';
import { applyServiceEnv } from '../helpers/service-env.js';
import { fingerprintOf, generateTestToken } from '../helpers/token.js';
import { captureOutput } from '../local-aws/helpers.js';
import { givenAccount, givenLookupSample, publishedMessages, sns, ssm, STATE_NAME } from './fixtures.js';

let hub: LocalHub;
let handler: (event: any, context: any) => Promise<any>;

beforeAll(async () => {
  hub = await startLocalHub();
  applyServiceEnv({
    HUB_BASE_URL: hub.url,
    HUB_TIMEOUT_MS: '500',
    ACCESS_ALLOWED_PRINCIPALS: 'arn:aws:iam::123456789012:role/whisperx-gpu-instance,arn:aws:iam::123456789012:role/hf-token-rotation-prod-*',
    POWERTOOLS_LOG_LEVEL: 'INFO',
  });
  ({ handler } = await import('../../functions/check-staleness.js'));
});

afterAll(async () => {
  await hub.close();
});

describe('checkStaleness handler', () => {
  it('alerts and logs without the token', async () => {
    const current = generateTestToken();
    const old = generateTestToken();
    hub.register(current, { role: 'read', gatedAccess: true });
    hub.register(old, { role: 'write', gatedAccess: true });
    hub.revoke(current);
    givenAccount({
      versions: [
        { version: 7, value: old, ageDays: 100, labels: ['previous'] },
        { version: 8, value: current, ageDays: 3, labels: ['desired', 'deployed'] },
      ],
      instances: [{ id: 'i-0a1b2c3d4e5f60001', version: '8' }],
    });
    givenLookupSample('cloudtrail-lookup-events-get-parameter');
    const output = captureOutput();

    let result;
    try {
      result = await handler(loadEvent('scheduled-event'), lambdaContext('checkStaleness'));
    } finally {
      output.restore();
    }

    expect(result.findings.map((item: { id: string }) => item.id)).toContain('token_invalid|/whisperx/hf_token|current');
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(publishedMessages()[0]?.message).toContain(fingerprintOf(old));
    expect(ssm).toHaveReceivedCommandWith(PutParameterCommand, { Name: STATE_NAME, Type: 'String', Overwrite: true });
    const logs = output.text();
    expect(logs).toContain('"message":"check.finished"');
    expect(logs).toContain('escalation.skipped');
    expect(logs.includes(current)).toBe(false);
    expect(logs.includes(old)).toBe(false);
    expect(JSON.stringify(publishedMessages()).includes(current)).toBe(false);
  });
});
