import type { Event } from '@aws-sdk/client-cloudtrail';
import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../shared/staleness/aws/parameter-read-events.js';
import { normalizeName, type ParameterReadEvent } from '../../shared/staleness/parameter-reads.js';
import { accessFindings, accessWindow, patternToRegExp, principalAllowed } from '../../shared/staleness/parameter-access.js';
import { loadEvent } from '../helpers/events.js';

const NOW = new Date('2026-11-30T12:00:00.000Z');
const ALLOWED = ['arn:aws:iam::123456789012:role/whisperx-gpu-instance', 'arn:aws:iam::123456789012:role/hf-token-rotation-prod-*'];

function sampleEvents(name: string): ParameterReadEvent[] {
  const sample = loadEvent<{ Events: Array<Omit<Event, 'EventTime'> & { EventTime: number }> }>(name);
  return sample.Events.map((event) => parseEvent({ ...event, EventTime: new Date(event.EventTime * 1000) })).filter((event): event is ParameterReadEvent => event !== null);
}

function read(overrides: Partial<ParameterReadEvent>): ParameterReadEvent {
  return {
    eventId: 'e-1',
    eventName: 'GetParametersByPath',
    eventTime: NOW,
    principalArn: 'arn:aws:iam::123456789012:user/someone',
    sessionIssuerArn: null,
    invokedBy: null,
    sourceIp: '203.0.113.9',
    userAgent: null,
    errorCode: null,
    parameterNames: [],
    paths: [],
    ...overrides,
  };
}

describe('parseEvent', () => {
  it('reads a sample record', () => {
    const [contractor] = sampleEvents('cloudtrail-lookup-events-get-parameter');

    expect(contractor).toMatchObject({
      eventId: 'b3c9e2a1-7d4f-4c2b-8e6a-1f5d9c3b7a21',
      eventName: 'GetParameter',
      principalArn: 'arn:aws:iam::123456789012:user/contractor-laptop',
      sourceIp: '203.0.113.24',
      errorCode: null,
      parameterNames: ['whisperx/hf_token'],
    });
  });

  it('reads the role behind a session', () => {
    const instance = sampleEvents('cloudtrail-lookup-events-get-parameter')[1];

    expect(instance?.sessionIssuerArn).toBe('arn:aws:iam::123456789012:role/whisperx-gpu-instance');
  });

  it('ignores other services', () => {
    const event = parseEvent({ EventId: 'x', EventName: 'GetObject', EventSource: 's3.amazonaws.com', CloudTrailEvent: '{}' });

    expect(event).toBeNull();
  });

  it('ignores a record that is not JSON', () => {
    const event = parseEvent({ EventId: 'x', EventName: 'GetParameter', EventSource: 'ssm.amazonaws.com', CloudTrailEvent: '{' });

    expect(event).toBeNull();
  });
});

describe('normalizeName', () => {
  it.each([
    ['/whisperx/hf_token', 'whisperx/hf_token'],
    ['/whisperx/hf_token:7', 'whisperx/hf_token'],
    ['/whisperx/hf_token:desired', 'whisperx/hf_token'],
    ['arn:aws:ssm:eu-central-1:123456789012:parameter/whisperx/hf_token', 'whisperx/hf_token'],
    ['hf_token', 'hf_token'],
  ])('reduces %s', (input, expected) => {
    expect(normalizeName(input)).toBe(expected);
  });
});

describe('principalAllowed', () => {
  it('matches a wildcard role', () => {
    const event = read({ principalArn: 'arn:aws:sts::123456789012:assumed-role/hf-token-rotation-prod-check/s', sessionIssuerArn: 'arn:aws:iam::123456789012:role/hf-token-rotation-prod-check' });

    expect(principalAllowed(event, ALLOWED.map(patternToRegExp))).toBe(true);
  });

  it('rejects a partial match', () => {
    const event = read({ principalArn: 'arn:aws:iam::123456789012:role/whisperx-gpu-instance-old' });

    expect(principalAllowed(event, ALLOWED.map(patternToRegExp))).toBe(false);
  });

  it('treats dots literally', () => {
    expect(patternToRegExp('arn:aws:iam::1:role/a.b').test('arn:aws:iam::1:role/aXb')).toBe(false);
  });
});

describe('accessFindings', () => {
  it('flags the samples outside the allow-list', () => {
    const events = [...sampleEvents('cloudtrail-lookup-events-get-parameter'), ...sampleEvents('cloudtrail-lookup-events-get-parameters')];

    const findings = accessFindings(events, ['/whisperx/hf_token'], ALLOWED);

    expect(findings.map((item) => item.key)).toEqual([
      'b3c9e2a1-7d4f-4c2b-8e6a-1f5d9c3b7a21',
      '9c2e5b8a-4f1d-4a7c-9e3b-6d2a8f5c1e90',
      'e1d4b7a2-8c5f-4b9e-a2d6-5c8f1a3e7b92',
    ]);
    expect(findings.every((item) => item.oneShot && item.severity === 'error')).toBe(true);
  });

  it('finds nothing without an allow-list', () => {
    const findings = accessFindings(sampleEvents('cloudtrail-lookup-events-get-parameter'), ['/whisperx/hf_token'], []);

    expect(findings).toEqual([]);
  });

  it.each([
    [{ path: 'whisperx', recursive: false }, true],
    [{ path: 'whisperx', recursive: true }, true],
    [{ path: '', recursive: true }, true],
    [{ path: '', recursive: false }, false],
    [{ path: 'whisper', recursive: true }, false],
    [{ path: 'whisperx/hf_token', recursive: true }, false],
  ])('treats path read %o as %s', (path, expected) => {
    const findings = accessFindings([read({ paths: [path] })], ['/whisperx/hf_token'], ALLOWED);

    expect(findings.length === 1).toBe(expected);
  });
});

describe('accessWindow', () => {
  it('starts a day back the first time', () => {
    expect(accessWindow(null, NOW)).toEqual({ start: new Date('2026-11-29T12:00:00.000Z'), end: new Date('2026-11-30T11:45:00.000Z') });
  });

  it('continues from the stored end', () => {
    expect(accessWindow('2026-11-30T06:00:00.000Z', NOW)?.start).toEqual(new Date('2026-11-30T06:00:01.000Z'));
  });

  it('reaches back at most 89 days', () => {
    expect(accessWindow('2026-01-01T00:00:00.000Z', NOW)?.start).toEqual(new Date('2026-09-02T12:00:00.000Z'));
  });

  it('ends on a whole second', () => {
    expect(accessWindow(null, new Date('2026-11-30T12:00:00.750Z'))?.end).toEqual(new Date('2026-11-30T11:45:00.000Z'));
  });

  it('is empty right after a run', () => {
    expect(accessWindow('2026-11-30T11:50:00.000Z', NOW)).toBeNull();
  });
});
