import { describe, expect, it } from 'vitest';
import { finalCommandDetail, resolveRateControl, type InvocationDetail } from '../../local/aws/ssm/command-status.js';

function detail(invocations: InvocationDetail[], maxErrors = 0, extra: { cancelled?: boolean; targetedByTag?: boolean } = {}) {
  return finalCommandDetail({ cancelled: extra.cancelled ?? false, targetedByTag: extra.targetedByTag ?? true, maxErrors, invocations });
}

describe('finalCommandDetail', () => {
  it.each<[string, InvocationDetail[], number, string]>([
    ['all success', ['Success', 'Success'], 0, 'Success'],
    ['one failure over MaxErrors', ['Success', 'Failed'], 0, 'Failed'],
    ['failure within MaxErrors', ['Success', 'Failed'], 1, 'Incomplete'],
    ['only execution timeouts', ['Execution Timed Out', 'Terminated'], 0, 'Execution Timed Out'],
    ['delivery timeout over MaxErrors', ['Success', 'Delivery Timed Out'], 0, 'Delivery Timed Out'],
    ['delivery timeout within MaxErrors', ['Success', 'Delivery Timed Out'], 1, 'Incomplete'],
    ['undeliverable beside success', ['Success', 'Undeliverable'], 0, 'Success'],
    ['all undeliverable', ['Undeliverable', 'Undeliverable'], 0, 'Failed'],
    ['one cancelled invocation', ['Success', 'Cancelled'], 0, 'Incomplete'],
  ])('%s', (_case, invocations, maxErrors, expected) => {
    expect(detail(invocations, maxErrors)).toBe(expected);
  });

  it('reports empty tag match', () => {
    expect(detail([], 0, { targetedByTag: true })).toBe('No Instances In Tag');
  });

  it('reports cancelled command', () => {
    expect(detail(['Success', 'Cancelled'], 0, { cancelled: true })).toBe('Cancelled');
  });
});

describe('resolveRateControl', () => {
  it.each<[string, number, 'concurrency' | 'errors', number]>([
    ['5', 40, 'concurrency', 5],
    ['10%', 40, 'concurrency', 4],
    ['10%', 5, 'concurrency', 1],
    ['10%', 40, 'errors', 4],
    ['10%', 5, 'errors', 0],
    ['0', 5, 'errors', 0],
  ])('%s of %i for %s', (value, targets, kind, expected) => {
    expect(resolveRateControl(value, targets, kind)).toBe(expected);
  });
});
