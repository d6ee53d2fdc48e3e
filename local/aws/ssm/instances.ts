// DescribeInstanceInformation over the simulated fleet.
import type { CommandAgent, ManagedInstance } from '../../types.js';
import { AwsError } from '../errors.js';
import { epochSeconds, type ServiceContext } from '../context.js';
import { paginate } from '../pagination.js';
import { optionalInteger, optionalObjectList, optionalString, type JsonInput } from './input.js';

/** SSM Agent version reported for every simulated instance: the first with ENV_VAR interpolation. */
export const AGENT_VERSION = '3.3.2746.0';
// NOTE: AWS documents no default page size for DescribeInstanceInformation; 50 (the maximum) here.
const DEFAULT_PAGE_SIZE = 50;

type InstancePredicate = (instance: ManagedInstance) => boolean;

/** DescribeInstanceInformation with `Filters` (tag:KEY, tag-key, PingStatus, InstanceIds, PlatformTypes)
 *  or the older `InstanceInformationFilterList`. */
export function describeInstanceInformation(context: ServiceContext, agent: CommandAgent, input: JsonInput): JsonInput {
  const filters = optionalObjectList(input, 'Filters');
  const legacyFilters = optionalObjectList(input, 'InstanceInformationFilterList');
  if (filters !== undefined && legacyFilters !== undefined) {
    throw new AwsError('InvalidFilter', 'Use either Filters or InstanceInformationFilterList, not both.');
  }
  const predicates = [
    ...(filters ?? []).map((filter) => instanceFilter(filter['Key'], filter['Values'])),
    ...(legacyFilters ?? []).map((filter) => instanceFilter(filter['key'], filter['valueSet'])),
  ];
  const matching = agent.listInstances().filter((instance) => predicates.every((predicate) => predicate(instance)));
  const page = paginate(matching, {
    scope: `DescribeInstanceInformation:${JSON.stringify([filters, legacyFilters])}`,
    nextToken: optionalString(input, 'NextToken'),
    pageSize: optionalInteger(input, 'MaxResults', 5, 50) ?? DEFAULT_PAGE_SIZE,
  });
  const now = epochSeconds(context.now());
  return {
    InstanceInformationList: page.items.map((instance) => ({
      InstanceId: instance.instanceId,
      PingStatus: instance.pingStatus,
      LastPingDateTime: now,
      AgentVersion: AGENT_VERSION,
      IsLatestVersion: false,
      PlatformType: instance.platformType,
      PlatformName: 'Ubuntu',
      PlatformVersion: '22.04',
      ResourceType: 'EC2Instance',
      ComputerName: instance.computerName,
      SourceId: instance.instanceId,
      SourceType: 'AWS::EC2::Instance',
    })),
    ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
  };
}

function instanceFilter(key: unknown, rawValues: unknown): InstancePredicate {
  if (typeof key !== 'string') {
    throw new AwsError('InvalidFilterKey', 'Each instance filter needs a Key, for example tag:Role or PingStatus.');
  }
  if (!Array.isArray(rawValues) || rawValues.length === 0 || rawValues.some((value) => typeof value !== 'string')) {
    throw new AwsError('InvalidInstanceInformationFilterValue', `Instance filter ${key} needs a non-empty list of string values.`);
  }
  const values = rawValues as string[];
  if (key.startsWith('tag:')) {
    const tagKey = key.slice('tag:'.length);
    return (instance) => {
      const value = instance.tags[tagKey];
      return value !== undefined && values.includes(value);
    };
  }
  switch (key) {
    case 'tag-key':
      return (instance) => values.some((tagKey) => Object.hasOwn(instance.tags, tagKey));
    case 'PingStatus':
      return (instance) => values.includes(instance.pingStatus);
    case 'InstanceIds':
      return (instance) => values.includes(instance.instanceId);
    case 'PlatformTypes':
      return (instance) => values.includes(instance.platformType);
    case 'ResourceType':
      return () => values.includes('EC2Instance');
    default:
      throw new AwsError(
        'InvalidFilterKey',
        `Instance filter key ${key} is not supported locally: use tag:KEY, tag-key, PingStatus, InstanceIds, PlatformTypes or ResourceType.`,
      );
  }
}
