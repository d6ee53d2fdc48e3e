import { SSMClient } from '@aws-sdk/client-ssm';
import { RETRY_OPTIONS } from '../../shared/aws/clients.js';
import type { CliSettings } from '../settings.js';

/**
 * Creates the SSM client for one CLI run. Credentials and the endpoint come from the SDK's
 * standard sources (AWS_PROFILE or --profile, environment, SSO, AWS_ENDPOINT_URL).
 */
export function createSsmClient(settings: CliSettings): SSMClient {
  return new SSMClient({
    ...RETRY_OPTIONS,
    region: settings.region,
    ...(settings.profile === undefined ? {} : { profile: settings.profile }),
  });
}
