import { GetParameterHistoryCommand, LabelParameterVersionCommand, SSMClient } from '@aws-sdk/client-ssm';
import { CLIENT_OPTIONS } from './clients.js';
import { callAws } from './errors.js';

/** Labels the service keeps on token versions. */
export const VERSION_LABELS = {
  /** What the fleet should run: set when a rollout starts, moved back by a rollback. */
  desired: 'desired',
  /** Confirmed on every reachable instance. */
  deployed: 'deployed',
  /** The deployed version before the current one: the token to revoke, and the rollback target. */
  previous: 'previous',
} as const;
export type VersionLabel = (typeof VERSION_LABELS)[keyof typeof VERSION_LABELS];

/** One version of a parameter, without its value. */
export interface VersionInfo {
  version: number;
  lastModified: Date | null;
  labels: string[];
}

/** Port for reading and moving version labels. */
export interface VersionLabels {
  /** Every version of the parameter, oldest first, with its labels. */
  history(parameter: string): Promise<VersionInfo[]>;
  /** Moves a label to a version (a label sits on one version at a time). */
  move(parameter: string, label: VersionLabel, version: number): Promise<void>;
}

/** Returns the version that carries the label, if any. */
export function versionWithLabel(history: VersionInfo[], label: VersionLabel): number | null {
  return history.find((entry) => entry.labels.includes(label))?.version ?? null;
}

/** Parameter Store adapter for labels; history is read without decryption and across all pages. */
export class SsmVersionLabels implements VersionLabels {
  constructor(private readonly client: SSMClient = new SSMClient(CLIENT_OPTIONS)) {}

  async history(parameter: string): Promise<VersionInfo[]> {
    const versions: VersionInfo[] = [];
    let nextToken: string | undefined;
    do {
      const page = await callAws('GetParameterHistory', parameter, () =>
        this.client.send(new GetParameterHistoryCommand({ Name: parameter, WithDecryption: false, MaxResults: 50, NextToken: nextToken })),
      );
      for (const entry of page.Parameters ?? []) {
        if (entry.Version === undefined) continue;
        versions.push({ version: entry.Version, lastModified: entry.LastModifiedDate ?? null, labels: entry.Labels ?? [] });
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return versions.sort((a, b) => a.version - b.version);
  }

  async move(parameter: string, label: VersionLabel, version: number): Promise<void> {
    await callAws('LabelParameterVersion', `${parameter}:${version} (${label})`, () =>
      this.client.send(new LabelParameterVersionCommand({ Name: parameter, ParameterVersion: version, Labels: [label] })),
    );
  }
}
