// Inventory: PutInventory stores custom items per instance; GetInventory returns them, with
// AWS:InstanceInformation built from the fleet, filtered and paged.
import type { CommandAgent, ManagedInstance } from '../../types.js';
import { AwsError } from '../errors.js';
import type { ServiceContext } from '../context.js';
import { paginate } from '../pagination.js';
import { AGENT_VERSION } from './instances.js';
import { optionalInteger, optionalObjectList, optionalString, requireString, type JsonInput } from './input.js';

/** One inventory item of one type on one instance, in the API's shape. */
interface InventoryItem {
  TypeName: string;
  SchemaVersion: string;
  CaptureTime: string;
  ContentHash?: string;
  Content: Array<Record<string, string>>;
}

const INSTANCE_INFORMATION = 'AWS:InstanceInformation';
const CUSTOM_TYPE = /^Custom:[a-zA-Z0-9_\-.]{1,90}$/;
const SCHEMA_VERSION = /^([0-9]{1,6})(\.[0-9]{1,6})$/;
const CAPTURE_TIME = /^(20)[0-9][0-9]-(0[1-9]|1[012])-([12][0-9]|3[01]|0[1-9])T(2[0-3]|[0-1][0-9]):[0-5][0-9]:[0-5][0-9]Z$/;
/** Inventory quotas: 30 items per call, 20 custom types per instance, 50 attributes per type. */
const LIMITS = { itemsPerCall: 30, customTypes: 20, attributes: 50, contentEntries: 10_000 } as const;
// NOTE: AWS documents no default page size for GetInventory; 50 (the maximum) here.
const DEFAULT_PAGE_SIZE = 50;

type FilterType = 'Equal' | 'NotEqual' | 'BeginWith' | 'LessThan' | 'GreaterThan' | 'Exists';
const FILTER_TYPES: readonly string[] = ['Equal', 'NotEqual', 'BeginWith', 'LessThan', 'GreaterThan', 'Exists'];

/** Custom inventory of every instance, keyed by instance id and type name. */
export class InventoryStore {
  private readonly items = new Map<string, Map<string, InventoryItem>>();

  constructor(
    private readonly context: ServiceContext,
    private readonly agent: CommandAgent,
  ) {}

  putInventory(input: JsonInput): JsonInput {
    const instanceId = requireString(input, 'InstanceId');
    if (!this.agent.listInstances().some((instance) => instance.instanceId === instanceId)) {
      throw new AwsError('InvalidInstanceId', `Instance ${instanceId} is not a managed instance; PutInventory needs a registered one.`);
    }
    const items = optionalObjectList(input, 'Items') ?? [];
    if (items.length === 0 || items.length > LIMITS.itemsPerCall) {
      throw new AwsError('ValidationException', `PutInventory takes 1 to ${LIMITS.itemsPerCall} items (got ${items.length}).`);
    }
    const stored = this.items.get(instanceId) ?? new Map<string, InventoryItem>();
    for (const raw of items) {
      const item = readItem(raw);
      if (!stored.has(item.TypeName) && stored.size >= LIMITS.customTypes) {
        throw new AwsError(
          'CustomSchemaCountLimitExceededException',
          `Instance ${instanceId} already has ${LIMITS.customTypes} custom inventory types; ${item.TypeName} would exceed the quota.`,
        );
      }
      stored.set(item.TypeName, item);
    }
    this.items.set(instanceId, stored);
    return { Message: '' };
  }

  getInventory(input: JsonInput): JsonInput {
    if (input['Aggregators'] !== undefined) {
      throw new AwsError('InvalidAggregatorException', 'GetInventory aggregators are not supported locally: use Filters and ResultAttributes.');
    }
    const resultType = this.readResultType(optionalObjectList(input, 'ResultAttributes'));
    const filters = (optionalObjectList(input, 'Filters') ?? []).map((filter) => this.readFilter(filter));
    const entities = this.agent
      .listInstances()
      .map((instance) => ({ id: instance.instanceId, data: this.dataOf(instance) }))
      .filter((entity) => entity.data.has(resultType) && filters.every((filter) => filter(entity.data)));
    const page = paginate(entities, {
      scope: `GetInventory:${JSON.stringify([input['Filters'], input['ResultAttributes']])}`,
      nextToken: optionalString(input, 'NextToken'),
      pageSize: optionalInteger(input, 'MaxResults', 1, 50) ?? DEFAULT_PAGE_SIZE,
    });
    return {
      Entities: page.items.map((entity) => ({
        Id: entity.id,
        Data: { [resultType]: entity.data.get(resultType) },
      })),
      ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
    };
  }

  /** Returns every type of one instance, with AWS:InstanceInformation built from its current state. */
  private dataOf(instance: ManagedInstance): Map<string, InventoryItem> {
    const data = new Map(this.items.get(instance.instanceId) ?? []);
    data.set(INSTANCE_INFORMATION, {
      TypeName: INSTANCE_INFORMATION,
      SchemaVersion: '1.0',
      CaptureTime: this.context.now().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      Content: [
        {
          AgentType: 'amazon-ssm-agent',
          AgentVersion: AGENT_VERSION,
          ComputerName: instance.computerName,
          InstanceId: instance.instanceId,
          InstanceStatus: inventoryInstanceStatus(instance.pingStatus),
          PlatformName: 'Ubuntu',
          PlatformType: instance.platformType,
          PlatformVersion: '22.04',
          ResourceType: 'EC2Instance',
        },
      ],
    });
    return data;
  }

  /** Returns whether any instance reported `typeName`: a custom type exists only after its first PutInventory. */
  private knownType(typeName: string): boolean {
    if (typeName === INSTANCE_INFORMATION) {
      return true;
    }
    return [...this.items.values()].some((types) => types.has(typeName));
  }

  private readResultType(resultAttributes: JsonInput[] | undefined): string {
    if (resultAttributes === undefined || resultAttributes.length === 0) {
      return INSTANCE_INFORMATION;
    }
    const typeName = resultAttributes[0]?.['TypeName'];
    if (resultAttributes.length > 1 || typeof typeName !== 'string') {
      throw new AwsError('InvalidResultAttributeException', 'ResultAttributes takes exactly one item with a TypeName.');
    }
    if (!this.knownType(typeName)) {
      // NOTE: modeled on AWS, where a custom type is unknown until an instance has reported it.
      throw new AwsError('InvalidTypeNameException', `Inventory type ${typeName} is not known: no instance has reported it yet.`);
    }
    return typeName;
  }

  private readFilter(filter: JsonInput): (data: Map<string, InventoryItem>) => boolean {
    const key = filter['Key'];
    const values = filter['Values'];
    const type = (filter['Type'] ?? 'Equal') as string;
    if (typeof key !== 'string' || !/^[^.]+\.[^.]+$/.test(key)) {
      throw new AwsError('InvalidFilter', `Inventory filter key ${String(key)} is not valid: use TYPE.ATTRIBUTE, for example Custom:HfTokenRotation.Version.`);
    }
    if (!FILTER_TYPES.includes(type)) {
      throw new AwsError('InvalidFilter', `Inventory filter type ${type} is not valid: use one of ${FILTER_TYPES.join(', ')}.`);
    }
    if (!Array.isArray(values) || values.length === 0 || values.length > 40 || values.some((value) => typeof value !== 'string')) {
      throw new AwsError('InvalidFilter', `Inventory filter ${key} needs 1 to 40 string Values.`);
    }
    const [typeName = '', attribute = ''] = key.split('.');
    if (!this.knownType(typeName)) {
      throw new AwsError('InvalidTypeNameException', `Inventory type ${typeName} in filter ${key} is not known: no instance has reported it yet.`);
    }
    const test = valueTest(type as FilterType, values as string[]);
    return (data) => {
      const item = data.get(typeName);
      if (item === undefined) {
        return false;
      }
      const attributeValues = item.Content.map((entry) => entry[attribute]).filter((value): value is string => value !== undefined);
      if (type === 'NotEqual') {
        return attributeValues.length > 0 && attributeValues.every(test);
      }
      return attributeValues.some(test);
    };
  }
}

function valueTest(type: FilterType, values: string[]): (value: string) => boolean {
  switch (type) {
    case 'Equal':
      return (value) => values.includes(value);
    case 'NotEqual':
      return (value) => !values.includes(value);
    case 'BeginWith':
      return (value) => values.some((prefix) => value.startsWith(prefix));
    case 'LessThan':
      return (value) => compare(value, values[0] ?? '') < 0;
    case 'GreaterThan':
      return (value) => compare(value, values[0] ?? '') > 0;
    case 'Exists':
      return () => true;
  }
}

/** Compares as numbers when both sides are numeric, else as strings (ISO times sort as strings). */
function compare(left: string, right: string): number {
  const leftNumber = Number(left);
  const rightNumber = Number(right);
  if (left !== '' && right !== '' && !Number.isNaN(leftNumber) && !Number.isNaN(rightNumber)) {
    return leftNumber - rightNumber;
  }
  if (left < right) {
    return -1;
  }
  return left > right ? 1 : 0;
}

/** Maps a ping status to the `InstanceStatus` attribute of AWS:InstanceInformation. */
function inventoryInstanceStatus(pingStatus: ManagedInstance['pingStatus']): string {
  // NOTE: AWS reports InstanceStatus values such as Active and Terminated. It documents none for a
  // lost connection, so ConnectionLost is passed through unchanged.
  switch (pingStatus) {
    case 'Online':
      return 'Active';
    case 'Inactive':
      return 'Terminated';
    case 'ConnectionLost':
      return 'ConnectionLost';
  }
}

function readItem(raw: JsonInput): InventoryItem {
  const typeName = raw['TypeName'];
  if (typeof typeName !== 'string' || !CUSTOM_TYPE.test(typeName)) {
    throw new AwsError(
      'InvalidTypeNameException',
      `Inventory type name ${String(typeName)} is not valid here: PutInventory takes custom types such as Custom:HfTokenRotation.`,
    );
  }
  const schemaVersion = raw['SchemaVersion'];
  if (typeof schemaVersion !== 'string' || !SCHEMA_VERSION.test(schemaVersion)) {
    throw new AwsError('UnsupportedInventorySchemaVersionException', `SchemaVersion of ${typeName} must look like 1.0 (got ${String(schemaVersion)}).`);
  }
  const captureTime = raw['CaptureTime'];
  if (typeof captureTime !== 'string' || !CAPTURE_TIME.test(captureTime)) {
    throw new AwsError('InvalidInventoryItemContextException', `CaptureTime of ${typeName} must be UTC like 2026-11-30T09:15:02Z (got ${String(captureTime)}).`);
  }
  const content = raw['Content'] ?? [];
  if (!Array.isArray(content) || content.length > LIMITS.contentEntries) {
    throw new AwsError('InvalidItemContentException', `Content of ${typeName} must be a list of at most ${LIMITS.contentEntries} entries.`);
  }
  for (const entry of content) {
    const valid =
      typeof entry === 'object' &&
      entry !== null &&
      !Array.isArray(entry) &&
      Object.keys(entry).length <= LIMITS.attributes &&
      Object.values(entry).every((value) => typeof value === 'string');
    if (!valid) {
      throw new AwsError(
        'InvalidItemContentException',
        `Each Content entry of ${typeName} must map at most ${LIMITS.attributes} attribute names to string values.`,
      );
    }
  }
  const contentHash = raw['ContentHash'];
  return {
    TypeName: typeName,
    SchemaVersion: schemaVersion,
    CaptureTime: captureTime,
    ...(typeof contentHash === 'string' ? { ContentHash: contentHash } : {}),
    Content: content as Array<Record<string, string>>,
  };
}
