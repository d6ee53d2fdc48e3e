import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { CLIENT_OPTIONS } from './clients.js';
import { callAws } from './errors.js';

/** One decrypted version of the token parameter. The value must not leave the process. */
export interface TokenValue {
  value: string;
  version: number;
  lastModified: Date | null;
}

/** Port for reading token values; the checks need them for the Hub. */
export interface TokenValueReader {
  /** Reads the latest version, or the given one. */
  read(parameter: string, version?: number): Promise<TokenValue>;
}

/** Reads a version with GetParameter `name:version` and decryption (needs kms:Decrypt on the token key). */
export class SsmTokenValues implements TokenValueReader {
  constructor(private readonly client: SSMClient = new SSMClient(CLIENT_OPTIONS)) {}

  async read(parameter: string, version?: number): Promise<TokenValue> {
    const name = version === undefined ? parameter : `${parameter}:${version}`;
    const output = await callAws('GetParameter', name, () => this.client.send(new GetParameterCommand({ Name: name, WithDecryption: true })));
    const found = output.Parameter;
    if (found?.Value === undefined || found.Version === undefined) {
      throw new Error(`GetParameter ${name} returned no value or version; check that the name is a parameter, not a path.`);
    }
    return { value: found.Value, version: found.Version, lastModified: found.LastModifiedDate ?? null };
  }
}
