// Stand-in for @aws-sdk/credential-provider-node in the Lambda bundles (see plugins.cjs).
// Lambda passes the execution role's credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
// AWS_SESSION_TOKEN, which is also the first source the SDK's default chain tries. The rest of
// that chain (SSO, shared config files, credential processes, web identity, instance metadata)
// adds about 100 KB to every bundle and is never reached in Lambda.
import { fromEnv } from '@aws-sdk/credential-provider-env';

/** Returns the credential provider the SDK clients use: the environment variables only. */
export const defaultProvider = (init = {}) => fromEnv(init);
