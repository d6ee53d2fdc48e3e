import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config/config.js';
import { SERVICE_ENV } from '../helpers/service-env.js';

describe('loadConfig', () => {
  it('reads the deployed environment', () => {
    const config = loadConfig({ ...SERVICE_ENV, TARGET_TAG_VALUES: 'whisperx, whisperx-eu' });

    expect(config.targetTagValues).toEqual(['whisperx', 'whisperx-eu']);
    expect(config.alertLanguage).toBe('en');
  });

  it('names a missing variable', () => {
    expect(() => loadConfig({ ...SERVICE_ENV, ALERT_TOPIC_ARN: '' })).toThrow('ALERT_TOPIC_ARN: is required but not set.');
  });

  it('lists the allowed languages', () => {
    expect(() => loadConfig({ ...SERVICE_ENV, ALERT_LANGUAGE: 'fr' })).toThrow('ALERT_LANGUAGE: must be one of en, de, got "fr".');
  });

  it('rejects a bad rate value', () => {
    expect(() => loadConfig({ ...SERVICE_ENV, MAX_CONCURRENCY: '150%' })).toThrow('MAX_CONCURRENCY');
  });

  it('rejects a MaxConcurrency of 0', () => {
    expect(() => loadConfig({ ...SERVICE_ENV, MAX_CONCURRENCY: '0' })).toThrow('MAX_CONCURRENCY: must let at least one instance run at a time');
  });

  it('rejects a bad compose service', () => {
    expect(() => loadConfig({ ...SERVICE_ENV, COMPOSE_SERVICE: 'whisperx cuda' })).toThrow(
      'COMPOSE_SERVICE: "whisperx cuda" is not a compose service name such as whisperx_cuda.',
    );
  });

  it('rejects an invalid parameter name', () => {
    expect(() => loadConfig({ ...SERVICE_ENV, WATCHED_PARAMETERS: '/whisperx/hf token' })).toThrow(
      '"/whisperx/hf token" is not a valid Parameter Store name',
    );
  });
});
