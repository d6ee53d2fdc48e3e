import { describe, expect, it } from 'vitest';
import { commandStatusPattern, parameterChangePattern } from '../../shared/config/event-patterns.cjs';
import { matchesPattern } from '../../shared/events/pattern-match.js';
import { loadEvent } from '../helpers/events.js';

describe('matchesPattern', () => {
  const parameterRule = parameterChangePattern(['/whisperx/hf_token']);

  it.each([
    ['parameter-store-change-update', true],
    ['parameter-store-change-create', true],
    ['parameter-store-change-delete', true],
    ['parameter-store-change-label', false],
  ])('parameter rule on %s is %s', (name, expected) => {
    expect(matchesPattern(parameterRule, loadEvent(name))).toBe(expected);
  });

  it('command rule takes terminal statuses only', () => {
    const rule = commandStatusPattern('hf-token-rotation-prod-RefreshToken');
    const event = loadEvent('command-status-change-success');

    expect(matchesPattern(rule, event)).toBe(true);
    event.detail.status = 'InProgress';
    expect(matchesPattern(rule, event)).toBe(false);
  });

  it('command rule skips invocation events', () => {
    const rule = commandStatusPattern('hf-token-rotation-prod-RefreshToken');

    expect(matchesPattern(rule, loadEvent('command-invocation-status-change-failed'))).toBe(false);
  });

  it('fails closed on unsupported matchers', () => {
    expect(matchesPattern({ source: [{ prefix: 'aws.' }] }, { source: 'aws.ssm' })).toBe(false);
  });
});
