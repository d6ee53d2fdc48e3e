import type { SSMClient } from '@aws-sdk/client-ssm';
import { SsmVersionLabels, versionWithLabel, type VersionInfo } from '../../shared/aws/version-labels.js';
import { CliError } from '../errors.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { Messages } from '../messages.js';

/** The token's versions with the service's labels. */
export interface TokenVersions {
  history: VersionInfo[];
  latest: number;
  desired: number | null;
  deployed: number | null;
  previous: number | null;
}

/** Reads every version of the parameter (without values) and where the labels sit. */
export async function readTokenVersions(ssm: SSMClient, parameter: string): Promise<TokenVersions> {
  const history = await new SsmVersionLabels(ssm).history(parameter);
  return {
    history,
    latest: history.at(-1)?.version ?? 0,
    desired: versionWithLabel(history, 'desired'),
    deployed: versionWithLabel(history, 'deployed'),
    previous: versionWithLabel(history, 'previous'),
  };
}

/** Raises a CliError naming the latest version when `version` does not exist. */
export function requireVersion(versions: TokenVersions, version: number, parameter: string, m: Messages): void {
  if (!versions.history.some((entry) => entry.version === version)) {
    throw new CliError(m.errors.versionNotFound(parameter, version, versions.latest), EXIT_CODES.failure);
  }
}

/**
 * The version a rollback goes to: `deployed` while a newer version is desired (the rollout of
 * that one is undone), else `previous`. Null when the labels name no such version.
 */
export function rollbackTarget(versions: TokenVersions): number | null {
  if (versions.deployed !== null && versions.desired !== null && versions.deployed !== versions.desired) return versions.deployed;
  return versions.previous;
}
