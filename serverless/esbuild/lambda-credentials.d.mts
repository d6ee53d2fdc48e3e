import type { AwsCredentialIdentityProvider } from '@smithy/types';

export declare const defaultProvider: (init?: Record<string, unknown>) => AwsCredentialIdentityProvider;
