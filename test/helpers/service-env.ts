/** Environment of the deployed functions for the tests' stack (stage `test`). */
export const SERVICE_ENV = {
  WATCHED_PARAMETERS: '/whisperx/hf_token',
  DOCUMENT_NAME: 'hf-token-rotation-prod-RefreshToken',
  TARGET_TAG_KEY: 'HfTokenConsumer',
  TARGET_TAG_VALUES: 'whisperx',
  MAX_CONCURRENCY: '10%',
  MAX_ERRORS: '0',
  DELIVERY_TIMEOUT_SECONDS: '600',
  ALERT_TOPIC_ARN: 'arn:aws:sns:eu-central-1:123456789012:hf-token-rotation-prod-alerts',
  ALERT_LANGUAGE: 'en',
  NOTIFY_ON_SUCCESS: 'false',
  STACK_NAME: 'hf-token-rotation-prod',
  CANARY_SIZE: '1',
  FLEET_FAILURE_PERCENT: '50',
  STATE_PARAMETER_PATH: '/hf-token-rotation/prod',
  INCIDENT_RESPONSE_PLAN_ARN: '',
  OPS_CENTER_ENABLED: 'false',
  PREFLIGHT_ENABLED: 'false',
} as const;

export function applyServiceEnv(overrides: Record<string, string> = {}): void {
  Object.assign(process.env, SERVICE_ENV, overrides);
}
