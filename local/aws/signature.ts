// Checks the SigV4 Authorization header for presence and form. The signature itself is not
// verified: the endpoint accepts any fake static credentials, but a request that the SDK did not
// sign, or signed for another region or service, fails the way it would on AWS.
import { AwsError } from './errors.js';

/** The parts of a SigV4 credential scope that the endpoint checks. */
export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

const AUTHORIZATION_PATTERN =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

/**
 * Parses the `Authorization` header and checks that it was signed for this region and service.
 *
 * @throws AwsError `MissingAuthenticationTokenException` (403) when the header is missing,
 *   `IncompleteSignatureException` (400) when it is malformed, `InvalidSignatureException` (403)
 *   for a wrong region or service.
 */
export function checkAuthorization(
  header: string | undefined,
  expected: { region: string; service: string },
): CredentialScope {
  if (header === undefined || header === '') {
    throw new AwsError(
      'MissingAuthenticationTokenException',
      'Request is missing the Authorization header: sign it with SigV4 (any static credentials work locally).',
      403,
    );
  }
  const match = AUTHORIZATION_PATTERN.exec(header.trim());
  if (match === null) {
    throw new AwsError(
      'IncompleteSignatureException',
      'Authorization header is not a complete AWS4-HMAC-SHA256 signature (Credential, SignedHeaders, Signature).',
      400,
    );
  }
  const [, accessKeyId = '', date = '', region = '', service = ''] = match;
  if (region !== expected.region) {
    throw new AwsError(
      'InvalidSignatureException',
      `Credential should be scoped to a valid region: got '${region}', this endpoint serves '${expected.region}'. Set AWS_REGION=${expected.region}.`,
      403,
    );
  }
  if (service !== expected.service) {
    throw new AwsError(
      'InvalidSignatureException',
      `Credential should be scoped to the correct service: got '${service}', expected '${expected.service}'.`,
      403,
    );
  }
  return { accessKeyId, date, region, service };
}
