import { DescribeInstanceInformationCommand, GetInventoryCommand, SSMClient } from '@aws-sdk/client-ssm';
import { CLIENT_OPTIONS } from '../../aws/clients.js';
import { AwsOperationError, callAws } from '../../aws/errors.js';

/** Inventory type the refresh script reports after each run. */
export const TOKEN_INVENTORY_TYPE = 'Custom:HfTokenRotation';

/** A managed instance carrying the fleet tag. */
export interface TaggedInstance {
  instanceId: string;
  /** `Online`, `ConnectionLost` or `Inactive`, as Systems Manager reports it. */
  pingStatus: string;
}

/** One entry of the token inventory item: what an instance runs for one parameter. */
export interface TokenInventoryEntry {
  parameter: string;
  version: string;
  fingerprint: string | null;
  status: string | null;
  appliedAt: string | null;
}

/** Port for the fleet's view in Systems Manager. */
export interface FleetView {
  /** Every managed instance whose tag `tagKey` has one of `tagValues`, across all pages. */
  taggedInstances(tagKey: string, tagValues: string[]): Promise<TaggedInstance[]>;
  /** The token inventory of every instance that reported one, by instance id. */
  tokenInventory(): Promise<Map<string, TokenInventoryEntry[]>>;
}

/** Reads DescribeInstanceInformation and GetInventory, every page of each. */
export class SsmFleetView implements FleetView {
  constructor(private readonly client: SSMClient = new SSMClient(CLIENT_OPTIONS)) {}

  async taggedInstances(tagKey: string, tagValues: string[]): Promise<TaggedInstance[]> {
    const instances: TaggedInstance[] = [];
    let nextToken: string | undefined;
    do {
      const page = await callAws('DescribeInstanceInformation', `tag:${tagKey}`, () =>
        this.client.send(
          new DescribeInstanceInformationCommand({
            Filters: [{ Key: `tag:${tagKey}`, Values: tagValues }],
            MaxResults: 50,
            NextToken: nextToken,
          }),
        ),
      );
      for (const info of page.InstanceInformationList ?? []) {
        if (info.InstanceId) instances.push({ instanceId: info.InstanceId, pingStatus: info.PingStatus ?? 'Unknown' });
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return instances;
  }

  async tokenInventory(): Promise<Map<string, TokenInventoryEntry[]>> {
    const inventory = new Map<string, TokenInventoryEntry[]>();
    let nextToken: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new GetInventoryCommand({ ResultAttributes: [{ TypeName: TOKEN_INVENTORY_TYPE }], MaxResults: 50, NextToken: nextToken }),
        );
      } catch (error) {
        // Systems Manager accepts a custom type only after the first instance reported it.
        if (error instanceof Error && error.name === 'InvalidTypeNameException') return inventory;
        throw new AwsOperationError('GetInventory', TOKEN_INVENTORY_TYPE, error);
      }
      for (const entity of page.Entities ?? []) {
        const content = entity.Data?.[TOKEN_INVENTORY_TYPE]?.Content ?? [];
        if (entity.Id) inventory.set(entity.Id, content.map(toEntry).filter((entry): entry is TokenInventoryEntry => entry !== null));
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return inventory;
  }
}

function toEntry(content: Record<string, string>): TokenInventoryEntry | null {
  const parameter = content['Parameter'];
  const version = content['Version'];
  if (!parameter || !version) return null;
  return {
    parameter,
    version,
    fingerprint: content['Fingerprint'] ?? null,
    status: content['Status'] ?? null,
    appliedAt: content['AppliedAt'] ?? null,
  };
}
