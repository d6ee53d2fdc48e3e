import { DescribeInstanceInformationCommand, SSMClient, type InstanceInformationStringFilter } from '@aws-sdk/client-ssm';
import { CLIENT_OPTIONS } from './clients.js';
import { callAws } from './errors.js';

/** Port for finding the fleet's managed instances. */
export interface ManagedInstances {
  /**
   * Online instances with the tag, sorted by id, reading pages only until `limit` are found
   * (all pages when no limit is given).
   */
  onlineTagged(tagKey: string, tagValues: string[], limit?: number): Promise<string[]>;
}

/** DescribeInstanceInformation adapter: the tag and ping status are filtered by SSM, 50 a page. */
export class SsmManagedInstances implements ManagedInstances {
  constructor(private readonly client: SSMClient = new SSMClient(CLIENT_OPTIONS)) {}

  async onlineTagged(tagKey: string, tagValues: string[], limit?: number): Promise<string[]> {
    const filters: InstanceInformationStringFilter[] = [
      { Key: `tag:${tagKey}`, Values: tagValues },
      { Key: 'PingStatus', Values: ['Online'] },
    ];
    const ids: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await callAws('DescribeInstanceInformation', `tag:${tagKey}`, () =>
        this.client.send(new DescribeInstanceInformationCommand({ Filters: filters, MaxResults: 50, NextToken: nextToken })),
      );
      for (const instance of page.InstanceInformationList ?? []) {
        if (instance.InstanceId) ids.push(instance.InstanceId);
      }
      nextToken = page.NextToken;
    } while (nextToken && (limit === undefined || ids.length < limit));
    return ids.sort().slice(0, limit);
  }
}
