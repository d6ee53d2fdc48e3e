import { AwsOperationError } from '../shared/aws/errors.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';
import type { Messages } from './messages.js';

/** An error the CLI reports as one message and an exit code; never with a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

/** A wrong command line: reported with a pointer to --help, exit code 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT_CODES.usage);
  }
}

/** AWS error names that mean the caller has no valid credentials. */
const CREDENTIAL_ERRORS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
]);
const EXPIRED_ERRORS = new Set(['ExpiredTokenException', 'ExpiredToken', 'RequestExpired', 'TokenRefreshRequired']);
const ACCESS_DENIED_ERRORS = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'AuthorizationError']);
/** Socket errors of Node that mean the endpoint could not be reached. */
const NETWORK_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Target of the failed call, for the messages that name it. */
export interface AwsCallScope {
  region: string;
  profile: string | undefined;
  endpoint: string | undefined;
}

/**
 * Turns an error from an AWS call into a CliError whose message names what failed and what to do.
 * Missing, expired or rejected credentials and access denied exit with 4; everything else with 1.
 */
export function toCliError(error: unknown, m: Messages, scope: AwsCallScope): CliError {
  if (error instanceof CliError) return error;
  const operation = error instanceof AwsOperationError ? error.operation : null;
  const key = error instanceof AwsOperationError ? error.key : null;
  const cause = error instanceof AwsOperationError ? error.cause : error;
  const name = cause instanceof Error ? cause.name : 'UnknownError';
  const detail = cause instanceof Error ? cause.message : String(cause);
  const socketCode = (cause as { code?: unknown } | null)?.code;
  const httpStatus = (cause as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;

  if (name === 'CredentialsProviderError') {
    return new CliError(m.errors.noCredentials(scope.profile), EXIT_CODES.awsAccess);
  }
  if (EXPIRED_ERRORS.has(name)) {
    return new CliError(m.errors.credentialsExpired(scope.profile), EXIT_CODES.awsAccess);
  }
  if (CREDENTIAL_ERRORS.has(name)) {
    return new CliError(m.errors.credentialsRejected(scope.profile, name), EXIT_CODES.awsAccess);
  }
  if (ACCESS_DENIED_ERRORS.has(name) || httpStatus === 403) {
    return new CliError(m.errors.accessDenied(operation ?? name, key ?? '', detail), EXIT_CODES.awsAccess);
  }
  if (name === 'ParameterNotFound') {
    return new CliError(m.errors.parameterNotFound(key ?? '', scope.region), EXIT_CODES.failure);
  }
  if (name === 'ParameterVersionNotFound') {
    return new CliError(m.errors.parameterVersionNotFound(key ?? ''), EXIT_CODES.failure);
  }
  if (typeof socketCode === 'string' && NETWORK_ERRORS.has(socketCode)) {
    return new CliError(m.errors.endpointUnreachable(scope.endpoint ?? `ssm.${scope.region}.amazonaws.com`, socketCode), EXIT_CODES.failure);
  }
  if (operation !== null || httpStatus !== undefined) {
    return new CliError(m.errors.awsCallFailed(operation ?? name, key ?? '', name, detail), EXIT_CODES.failure);
  }
  return new CliError(m.errors.unexpected(`${name}: ${detail}`), EXIT_CODES.failure);
}
