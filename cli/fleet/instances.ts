import { DescribeInstanceInformationCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { callAws } from '../../shared/aws/errors.js';

/** A managed instance of the fleet, as DescribeInstanceInformation returns it. */
export interface FleetInstance {
  instanceId: string;
  computerName: string | null;
  /** `Online`, `ConnectionLost` or `Inactive`. */
  pingStatus: string;
  lastPingAt: Date | null;
}

/** Lists every managed instance that carries the tag with one of the values, across all pages. */
export async function listTaggedInstances(ssm: SSMClient, tagKey: string, tagValues: string[]): Promise<FleetInstance[]> {
  const instances: FleetInstance[] = [];
  let nextToken: string | undefined;
  do {
    const page = await callAws('DescribeInstanceInformation', `tag:${tagKey}`, () =>
      ssm.send(
        new DescribeInstanceInformationCommand({
          Filters: [{ Key: `tag:${tagKey}`, Values: tagValues }],
          MaxResults: 50,
          NextToken: nextToken,
        }),
      ),
    );
    for (const info of page.InstanceInformationList ?? []) {
      if (!info.InstanceId) continue;
      instances.push({
        instanceId: info.InstanceId,
        computerName: info.ComputerName ?? null,
        pingStatus: info.PingStatus ?? 'Unknown',
        lastPingAt: info.LastPingDateTime ?? null,
      });
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return instances.sort((a, b) => a.instanceId.localeCompare(b.instanceId));
}
