/** Retry settings for every SDK client: adaptive retry, so a throttled call waits and is retried. */
export const RETRY_OPTIONS = { retryMode: 'adaptive', maxAttempts: 5 } as const;

/**
 * Options for the SDK clients of the Lambda functions. Endpoint, region and credentials come
 * from the SDK's standard sources (AWS_ENDPOINT_URL, AWS_REGION, the Lambda role).
 *
 * `defaultsMode` is fixed to `legacy`, the mode the SDK picks itself when neither
 * AWS_DEFAULTS_MODE nor a shared config file sets one, as in Lambda. Left open, every client
 * construction reads ~/.aws/config and ~/.aws/credentials to look for it, which adds 0.5 to
 * 2.5 ms to each cold start. The CLI uses RETRY_OPTIONS, so an operator's own setting applies.
 */
export const CLIENT_OPTIONS = { ...RETRY_OPTIONS, defaultsMode: 'legacy' } as const;
