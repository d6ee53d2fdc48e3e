/**
 * Options for every SDK client of the service: adaptive retry, so a throttled call waits and
 * is retried instead of failing a rollout. Endpoint, region and credentials come from the
 * SDK's standard sources (AWS_ENDPOINT_URL, AWS_REGION, the Lambda role).
 *
 * `defaultsMode` is fixed to `legacy`, the mode the SDK picks itself when neither
 * AWS_DEFAULTS_MODE nor a shared config file sets one, as in Lambda. Left open, every client
 * construction reads ~/.aws/config and ~/.aws/credentials to look for it, which adds 1 to 2 ms
 * to each cold start.
 */
export const CLIENT_OPTIONS = { retryMode: 'adaptive', maxAttempts: 5, defaultsMode: 'legacy' } as const;
