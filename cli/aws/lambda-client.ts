import { LambdaClient } from '@aws-sdk/client-lambda';
import type { CliSettings } from '../settings.js';

/**
 * Creates the Lambda client for `hf-token check`. A single attempt: the SDK would repeat a
 * throttled or timed-out Invoke, and each repetition runs the checks (and sends their alerts)
 * once more.
 */
export function createLambdaClient(settings: CliSettings): LambdaClient {
  return new LambdaClient({
    region: settings.region,
    maxAttempts: 1,
    ...(settings.profile === undefined ? {} : { profile: settings.profile }),
  });
}
