import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { CLIENT_OPTIONS } from './clients.js';
import { callAws } from './errors.js';
import { SsmTokenValues } from './token-values.js';

/** Metadata of a parameter's current version; never its value. */
export interface ParameterVersionInfo {
  name: string;
  version: number;
  lastModified: Date | null;
}

/** The current version together with its value, for the pre-flight check. */
export interface ParameterVersionWithValue extends ParameterVersionInfo {
  /** The token itself: never logged, stored or passed on beyond the check. */
  value: string;
}

/** Port for reading token metadata. */
export interface ParameterStore {
  currentVersion(name: string): Promise<ParameterVersionInfo>;
  /** Reads the current version with decryption, in one call, when the value is needed anyway. */
  currentWithValue(name: string): Promise<ParameterVersionWithValue>;
}

/**
 * Parameter Store adapter. `currentVersion` reads without decryption, because the version is all a
 * rollout needs; `currentWithValue` decrypts, for the pre-flight check only.
 */
export class SsmParameterStore implements ParameterStore {
  private readonly tokens: SsmTokenValues;

  constructor(private readonly client: SSMClient = new SSMClient(CLIENT_OPTIONS)) {
    this.tokens = new SsmTokenValues(client);
  }

  async currentVersion(name: string): Promise<ParameterVersionInfo> {
    const output = await callAws('GetParameter', name, () =>
      this.client.send(new GetParameterCommand({ Name: name, WithDecryption: false })),
    );
    const version = output.Parameter?.Version;
    if (version === undefined) {
      throw new Error(`GetParameter ${name} returned no version; check that the name is a parameter, not a path.`);
    }
    return { name, version, lastModified: output.Parameter?.LastModifiedDate ?? null };
  }

  async currentWithValue(name: string): Promise<ParameterVersionWithValue> {
    return { name, ...(await this.tokens.read(name)) };
  }
}
