import { DescribeParametersCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { callAws } from '../../shared/aws/errors.js';

/** Returns the KMS key of the existing token parameter, or null when it does not exist yet. */
export async function existingKeyId(ssm: SSMClient, parameter: string): Promise<string | null> {
  const output = await callAws('DescribeParameters', parameter, () =>
    ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [parameter] }] })),
  );
  return output.Parameters?.[0]?.KeyId ?? null;
}

/**
 * Stores a new version of the token as a SecureString (overwriting) and returns the version
 * number. Without a key id, Parameter Store uses the AWS managed key alias/aws/ssm.
 */
export async function putTokenVersion(
  ssm: SSMClient,
  request: { parameter: string; value: string; keyId: string | null },
): Promise<number> {
  const output = await callAws('PutParameter', request.parameter, () =>
    ssm.send(
      new PutParameterCommand({
        Name: request.parameter,
        Value: request.value,
        Type: 'SecureString',
        Overwrite: true,
        ...(request.keyId === null ? {} : { KeyId: request.keyId }),
      }),
    ),
  );
  if (output.Version === undefined) throw new Error(`PutParameter ${request.parameter} returned no version.`);
  return output.Version;
}
