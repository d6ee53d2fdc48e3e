import type { SSMClient } from '@aws-sdk/client-ssm';
import type { AlertLanguage } from '../config/config.js';
import type { CheckConfig } from '../config/check-config.js';
import type { StepLogger } from '../logging/logger.js';
import type { Preflight } from '../rollout/rollout-deps.js';
import { SsmTokenValues } from '../aws/token-values.js';
import type { HubApi } from './hub-api.js';
import { HttpHubClient } from './hub-client.js';
import { HubPreflight } from './rollout-preflight.js';

/** Builds the pre-flight check from configuration; undefined when PREFLIGHT_ENABLED is false. */
export function createPreflight(input: {
  checks: CheckConfig;
  language: AlertLanguage;
  logger: StepLogger;
  ssm: SSMClient;
  hub?: HubApi;
}): Preflight | undefined {
  if (!input.checks.preflightEnabled) return undefined;
  const hub = input.hub ?? new HttpHubClient({ baseUrl: input.checks.hubBaseUrl, timeoutMs: input.checks.hubTimeoutMs });
  return new HubPreflight(new SsmTokenValues(input.ssm), { hub, config: input.checks, language: input.language, logger: input.logger });
}
