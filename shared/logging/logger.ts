import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The service's structured logger. One event per step (`rollout.started`, `invocation.failed`)
 * with the ids involved; never an event body and never a value read from Parameter Store.
 */
export const logger = new Logger({ serviceName: 'hf-token-rotation' });

/** The part of the logger the domain code uses, so tests can pass a recorder. */
export type StepLogger = Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
