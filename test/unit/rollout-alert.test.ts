import { describe, expect, it } from 'vitest';
import { ALERT_CATALOGS } from '../../shared/alerts/catalog.js';
import { MAX_MESSAGE_BYTES, toSnsSubject, utf8Bytes } from '../../shared/alerts/limits.js';
import { rolloutAlert } from '../../shared/alerts/rollout-alert.js';
import { summarizeInvocations } from '../../shared/rollout/summary.js';
import { ROLLED_BACK_7 } from '../helpers/invocations.js';

const context = {
  language: 'en' as const,
  stackName: 'hf-token-rotation-prod',
  targetDescription: 'tag:HfTokenConsumer=whisperx',
  composeService: 'asr_gpu',
};

function fleetSummary(size: number) {
  return summarizeInvocations({
    commandId: 'cmd-1',
    commandStatus: 'Failed',
    parameter: '/whisperx/hf_token',
    requestedVersion: '7',
    invocations: Array.from({ length: size }, (_, index) => ({
      instanceId: `i-${String(index).padStart(17, '0')}`,
      status: 'Failed',
      statusDetails: 'Failed',
      output: ROLLED_BACK_7,
    })),
  });
}

describe('rolloutAlert', () => {
  it('keeps a huge fleet within the SNS size', () => {
    const alert = rolloutAlert(fleetSummary(5000), context, false);

    expect(utf8Bytes(alert?.message ?? '')).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(alert?.message).toMatch(/\.\.\. \d+ more instances not listed/);
  });

  it('lists every instance of a small fleet', () => {
    const alert = rolloutAlert(fleetSummary(3), context, false);

    expect(alert?.message).not.toContain('not listed');
    expect(alert?.message.match(/^- i-/gm)).toHaveLength(3);
  });

  it('names the compose service in the advice', () => {
    const alert = rolloutAlert(fleetSummary(1), context, false);

    expect(alert?.message).toContain('docker compose logs asr_gpu');
  });

  it('writes German alerts', () => {
    const alert = rolloutAlert(fleetSummary(1), { ...context, language: 'de' }, false);

    expect(alert?.subject).toBe('[hf-token-rotation-prod] 1 von 1 Instanzen mit Problemen nach Token-Rollout /whisperx/hf_token v7');
    expect(alert?.message).toContain('zurückgerollt, Schritt health');
  });
});

describe('toSnsSubject', () => {
  it('cuts to 99 characters', () => {
    const subject = toSnsSubject(`Token ${'x'.repeat(200)}`);

    expect(subject.length).toBeLessThan(100);
    expect(subject.endsWith('...')).toBe(true);
  });

  it('folds line breaks and umlauts', () => {
    expect(toSnsSubject('Token-Parameter\nwurde gelöscht – Größe')).toBe('Token-Parameter wurde geloescht Groesse');
  });
});

describe('alert catalogs', () => {
  it('have the same keys in every language', () => {
    const keys = (catalog: object) => JSON.stringify(Object.keys(catalog).sort());

    expect(keys(ALERT_CATALOGS.de)).toBe(keys(ALERT_CATALOGS.en));
    expect(keys(ALERT_CATALOGS.de.advice)).toBe(keys(ALERT_CATALOGS.en.advice));
    expect(keys(ALERT_CATALOGS.de.kindLabel)).toBe(keys(ALERT_CATALOGS.en.kindLabel));
  });
});
