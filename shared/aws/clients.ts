/**
 * Options for every SDK client of the service: adaptive retry, so a throttled call waits and
 * is retried instead of failing a rollout. Endpoint, region and credentials come from the
 * SDK's standard sources (AWS_ENDPOINT_URL, AWS_REGION, the Lambda role).
 */
export const CLIENT_OPTIONS = { retryMode: 'adaptive', maxAttempts: 5 } as const;
