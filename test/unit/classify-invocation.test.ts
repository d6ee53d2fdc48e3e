import { describe, expect, it } from 'vitest';
import { classifyInvocation } from '../../shared/rollout/outcome.js';
import { parseResultLine } from '../../shared/rollout/result-line.js';
import { APPLIED_7, ROLLED_BACK_7 } from '../helpers/invocations.js';

function classify(status: string, output: string, statusDetails?: string) {
  return classifyInvocation({ instanceId: 'i-1', status, statusDetails, output }, parseResultLine(output));
}

describe('classifyInvocation', () => {
  it.each([
    ['Success', APPLIED_7, 'Success', 'applied'],
    ['Failed', ROLLED_BACK_7, 'Failed', 'rolled_back'],
    ['Failed', '', 'Undeliverable', 'not_reached'],
    ['TimedOut', '', 'Delivery Timed Out', 'not_reached'],
    ['Failed', '', 'InvalidPlatform', 'not_reached'],
    ['Failed', '', 'AccessDenied', 'not_reached'],
    ['Cancelled', '', 'Cancelled', 'not_reached'],
    ['TimedOut', 'recreating', 'Execution Timed Out', 'failed'],
    ['Failed', 'recreating', 'Terminated', 'failed'],
    ['Failed', 'sh: 1: syntax error', 'Failed', 'failed'],
    ['InProgress', '', 'InProgress', 'pending'],
  ])('maps %s/%s to %s', (status, output, details, expected) => {
    expect(classify(status, output, details).kind).toBe(expected);
  });

  it('fails a success without a result line', () => {
    const outcome = classify('Success', 'output cut before the end');

    expect(outcome.kind).toBe('failed');
    expect(outcome.reason).toBe('no result line in the output');
  });

  it('fails an applied line that did not exit 0', () => {
    expect(classify('TimedOut', APPLIED_7, 'Execution Timed Out').kind).toBe('failed');
  });
});
