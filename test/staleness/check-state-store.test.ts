import { GetParameterCommand, ParameterNotFound, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_STATE_CHARS, SsmCheckStateStore } from '../../shared/staleness/aws/check-state-store.js';
import { RecordingLogger } from './recorder.js';

const ssm = mockClient(SSMClient);
const NAME = '/hf-token-rotation/prod/check-state';

afterEach(() => {
  ssm.reset();
});

function store(logger = new RecordingLogger()): SsmCheckStateStore {
  return new SsmCheckStateStore('/hf-token-rotation/prod', logger, new SSMClient({}));
}

describe('SsmCheckStateStore', () => {
  it('loads an empty state when none is stored', async () => {
    ssm.on(GetParameterCommand, { Name: NAME }).rejects(new ParameterNotFound({ message: '', $metadata: {} }));

    const state = await store().load();

    expect(state).toEqual({ sent: {}, accessCheckedUntil: null });
  });

  it('loads a stored state', async () => {
    const value = JSON.stringify({ sent: { 'token_age|/p|age': { severity: 'warning', sentAt: '2026-11-30T06:00:00.000Z' } }, accessCheckedUntil: '2026-11-30T05:45:00.000Z' });
    ssm.on(GetParameterCommand, { Name: NAME }).resolves({ Parameter: { Name: NAME, Type: 'String', Value: value, Version: 2 } });

    const state = await store().load();

    expect(state).toEqual(JSON.parse(value));
  });

  it('starts over from a damaged state', async () => {
    const logger = new RecordingLogger();
    ssm.on(GetParameterCommand, { Name: NAME }).resolves({ Parameter: { Name: NAME, Type: 'String', Value: 'not json', Version: 2 } });

    const state = await store(logger).load();

    expect(state).toEqual({ sent: {}, accessCheckedUntil: null });
    expect(logger.messages()).toEqual(['check_state.unreadable']);
  });

  it('saves a String parameter', async () => {
    ssm.on(PutParameterCommand).resolves({ Version: 3 });

    await store().save({ sent: {}, accessCheckedUntil: null });

    expect(ssm).toHaveReceivedCommandWith(PutParameterCommand, { Name: NAME, Type: 'String', Overwrite: true, Value: '{"sent":{},"accessCheckedUntil":null}' });
  });

  it('drops the oldest entries to fit', async () => {
    ssm.on(PutParameterCommand).resolves({ Version: 3 });
    const logger = new RecordingLogger();
    const sent: Record<string, { severity: 'warning'; sentAt: string }> = {};
    for (let index = 0; index < 80; index += 1) {
      sent[`instances_offline|/whisperx/hf_token|key-${index}`] = { severity: 'warning', sentAt: new Date(Date.UTC(2026, 10, 1, 0, index)).toISOString() };
    }

    await store(logger).save({ sent, accessCheckedUntil: null });

    const value = ssm.commandCalls(PutParameterCommand)[0]?.args[0].input.Value ?? '';
    expect(value.length).toBeLessThanOrEqual(MAX_STATE_CHARS);
    expect(value).toContain('key-79');
    expect(value).not.toContain('"instances_offline|/whisperx/hf_token|key-0"');
    expect(logger.messages()).toEqual(['check_state.trimmed']);
  });
});
