import { describe, expect, it } from 'vitest';
import { parseResultLine } from '../../shared/rollout/result-line.js';
import { resultLine } from '../helpers/invocations.js';

describe('parseResultLine', () => {
  it('takes the last result line', () => {
    const output = [
      resultLine({ status: 'failed', version: '6', step: 'fetch' }),
      'compose noise',
      resultLine({ status: 'applied', version: '7', previousVersion: '6', fingerprint: 'sha256:0a1b2c3d4e5f' }),
      '',
    ].join('\n');

    expect(parseResultLine(output)).toEqual({
      status: 'applied',
      version: '7',
      previousVersion: '6',
      fingerprint: 'sha256:0a1b2c3d4e5f',
      step: null,
      message: null,
    });
  });

  it('returns undefined without a result line', () => {
    expect(parseResultLine('Recreating whisperx-cuda ... done\n')).toBeUndefined();
  });

  it('returns undefined for a cut result line', () => {
    expect(parseResultLine('HF_TOKEN_ROTATION_RESULT {"status":"appl')).toBeUndefined();
  });

  it('rejects an unknown status', () => {
    expect(parseResultLine(resultLine({ status: 'done' }))).toBeUndefined();
  });

  it('strips control characters from messages', () => {
    const parsed = parseResultLine(resultLine({ status: 'failed', step: 'fetch', message: 'denied\u001b[31m\nnext' }));

    expect(parsed?.message).toBe('denied [31m next');
  });

  it('cuts long messages', () => {
    const parsed = parseResultLine(resultLine({ status: 'failed', step: 'fetch', message: 'x'.repeat(1000) }));

    expect(parsed?.message).toHaveLength(300);
  });
});
