import {
  DeleteParameterCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import type { RolloutRecord } from '../rollout/rollout-record.js';
import { CLIENT_OPTIONS } from './clients.js';
import { AwsOperationError, callAws } from './errors.js';

/** Port for the per-version claims. */
export interface RolloutStore {
  /** Creates the claim unless one exists; returns false when another delivery claimed it first. */
  claim(record: RolloutRecord): Promise<boolean>;
  get(parameter: string, version: number): Promise<RolloutRecord | null>;
  /**
   * Claims the handling of one command's end with a conditional create next to the claim. Returns
   * false when another delivery of the same status event got it first.
   */
  claimCommandEnd(parameter: string, version: number, commandId: string): Promise<boolean>;
  /** Overwrites the claim with new progress. */
  save(record: RolloutRecord): Promise<void>;
  /** Deletes the claim, so a retry of the same event can claim the version again. */
  release(parameter: string, version: number): Promise<void>;
  /** Every claim under the state path, for the scheduled re-drive. */
  list(): Promise<RolloutRecord[]>;
}

/**
 * Claims as String parameters under `<statePath>/claims/<parameter path>/<version>`. The
 * conditional create (Overwrite=false) is the idempotency check: of concurrent deliveries of one
 * event, exactly one gets through.
 */
export class SsmRolloutStore implements RolloutStore {
  constructor(
    private readonly statePath: string,
    private readonly client: SSMClient = new SSMClient(CLIENT_OPTIONS),
  ) {}

  claimName(parameter: string, version: number): string {
    return `${this.statePath}/claims/${parameter.replace(/^\//, '')}/${version}`;
  }

  async claim(record: RolloutRecord): Promise<boolean> {
    const name = this.claimName(record.parameter, record.version);
    try {
      await this.client.send(
        new PutParameterCommand({ Name: name, Value: JSON.stringify(record), Type: 'String', Overwrite: false }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ParameterAlreadyExists') return false;
      throw new AwsOperationError('PutParameter', name, error);
    }
  }

  async claimCommandEnd(parameter: string, version: number, commandId: string): Promise<boolean> {
    const name = `${this.claimName(parameter, version)}/ended-${commandId}`;
    try {
      await this.client.send(new PutParameterCommand({ Name: name, Value: 'handled', Type: 'String', Overwrite: false }));
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ParameterAlreadyExists') return false;
      throw new AwsOperationError('PutParameter', name, error);
    }
  }

  async get(parameter: string, version: number): Promise<RolloutRecord | null> {
    const name = this.claimName(parameter, version);
    try {
      const output = await this.client.send(new GetParameterCommand({ Name: name }));
      return parseRecord(output.Parameter?.Value);
    } catch (error) {
      if (error instanceof Error && error.name === 'ParameterNotFound') return null;
      throw new AwsOperationError('GetParameter', name, error);
    }
  }

  async save(record: RolloutRecord): Promise<void> {
    const name = this.claimName(record.parameter, record.version);
    await callAws('PutParameter', name, () =>
      this.client.send(new PutParameterCommand({ Name: name, Value: JSON.stringify(record), Type: 'String', Overwrite: true })),
    );
  }

  async release(parameter: string, version: number): Promise<void> {
    const name = this.claimName(parameter, version);
    try {
      await this.client.send(new DeleteParameterCommand({ Name: name }));
    } catch (error) {
      if (error instanceof Error && error.name === 'ParameterNotFound') return;
      throw new AwsOperationError('DeleteParameter', name, error);
    }
  }

  async list(): Promise<RolloutRecord[]> {
    const records: RolloutRecord[] = [];
    let nextToken: string | undefined;
    const path = `${this.statePath}/claims`;
    do {
      const page = await callAws('GetParametersByPath', path, () =>
        this.client.send(new GetParametersByPathCommand({ Path: path, Recursive: true, MaxResults: 10, NextToken: nextToken })),
      );
      for (const parameter of page.Parameters ?? []) {
        const record = parseRecord(parameter.Value);
        if (record) records.push(record);
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return records;
  }
}

function parseRecord(value: string | undefined): RolloutRecord | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(value) as RolloutRecord;
    return typeof parsed.version === 'number' && typeof parsed.parameter === 'string' ? parsed : null;
  } catch {
    return null;
  }
}
