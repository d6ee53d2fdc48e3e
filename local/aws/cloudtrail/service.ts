// CloudTrail event history of the local endpoint: LookupEvents over JSON 1.1, serving events from
// records that tests and the demo seed. Each seeded record becomes an event as LookupEvents
// returns it, with the whole record as the `CloudTrailEvent` JSON string.
import type { ServiceContext } from '../context.js';
import { epochSeconds } from '../context.js';
import { AwsError } from '../errors.js';
import { paginate } from '../pagination.js';
import { optionalObjectList, optionalString, type JsonInput } from '../ssm/input.js';

/** Handles one CloudTrail operation: decoded JSON input in, JSON output out (or an AwsError thrown). */
export type CloudTrailOperation = (input: JsonInput) => JsonInput;

/** A CloudTrail record as the service logs it (`eventID`, `eventName`, `userIdentity`, ...). */
export type CloudTrailRecord = Record<string, unknown>;

/** An event as LookupEvents returns it. */
interface HistoryEvent {
  EventId: string;
  EventName: string;
  ReadOnly: string;
  AccessKeyId?: string;
  EventTime: Date;
  EventSource: string;
  Username?: string;
  Resources: Array<{ ResourceType: string; ResourceName: string }>;
  CloudTrailEvent: string;
}

/** The lookup attributes LookupEvents accepts, mapped to the event field each one filters. */
const ATTRIBUTES: Record<string, (event: HistoryEvent) => string[]> = {
  EventId: (event) => [event.EventId],
  EventName: (event) => [event.EventName],
  ReadOnly: (event) => [event.ReadOnly],
  Username: (event) => (event.Username === undefined ? [] : [event.Username]),
  ResourceType: (event) => event.Resources.map((resource) => resource.ResourceType),
  ResourceName: (event) => event.Resources.map((resource) => resource.ResourceName),
  EventSource: (event) => [event.EventSource],
  AccessKeyId: (event) => (event.AccessKeyId === undefined ? [] : [event.AccessKeyId]),
};
/** LookupEvents returns 50 events per page by default, and at most 50. */
const PAGE_SIZE = 50;

/** Seeded event history of one account and region, newest first as LookupEvents returns it. */
export class CloudTrailService {
  private readonly history: HistoryEvent[] = [];
  /** Operation name (the part after the service prefix in X-Amz-Target) to handler. */
  readonly operations: ReadonlyMap<string, CloudTrailOperation>;

  constructor(private readonly context: ServiceContext) {
    this.operations = new Map<string, CloudTrailOperation>([['LookupEvents', (input) => this.lookupEvents(input)]]);
  }

  /**
   * Adds a record to the event history. `eventID`, `eventName`, `eventSource` and `eventTime`
   * are required; `readOnly`, `userIdentity` and `resources` fill the event's other fields.
   */
  seed(record: CloudTrailRecord): void {
    const eventId = record['eventID'];
    const eventName = record['eventName'];
    const eventSource = record['eventSource'];
    const eventTime = typeof record['eventTime'] === 'string' ? new Date(record['eventTime']) : null;
    if (typeof eventId !== 'string' || typeof eventName !== 'string' || typeof eventSource !== 'string' || eventTime === null || Number.isNaN(eventTime.getTime())) {
      throw new Error('A seeded CloudTrail record needs eventID, eventName, eventSource and an ISO 8601 eventTime.');
    }
    const identity = (record['userIdentity'] ?? {}) as { accessKeyId?: unknown; userName?: unknown; arn?: unknown };
    const resources = Array.isArray(record['resources']) ? (record['resources'] as Array<{ ARN?: unknown; type?: unknown }>) : [];
    this.history.push({
      EventId: eventId,
      EventName: eventName,
      ReadOnly: String(record['readOnly'] ?? 'true'),
      ...(typeof identity.accessKeyId === 'string' && identity.accessKeyId !== '' ? { AccessKeyId: identity.accessKeyId } : {}),
      EventTime: eventTime,
      EventSource: eventSource,
      ...usernameOf(identity),
      Resources: resources
        .filter((resource) => typeof resource.ARN === 'string')
        .map((resource) => ({ ResourceType: typeof resource.type === 'string' ? resource.type : 'AWS::SSM::Parameter', ResourceName: resource.ARN as string })),
      CloudTrailEvent: JSON.stringify(record),
    });
    this.history.sort((a, b) => b.EventTime.getTime() - a.EventTime.getTime());
  }

  /** Number of events in the history. */
  size(): number {
    return this.history.length;
  }

  lookupEvents(input: JsonInput): JsonInput {
    const attributes = optionalObjectList(input, 'LookupAttributes') ?? [];
    if (attributes.length > 1) {
      throw new AwsError('InvalidLookupAttributesException', 'LookupAttributes can contain only one item.');
    }
    const filter = attributes[0] === undefined ? () => true : attributeFilter(attributes[0]);

    const start = optionalTime(input, 'StartTime');
    const end = optionalTime(input, 'EndTime') ?? this.context.now();
    if (start !== undefined && start > end) {
      throw new AwsError('InvalidTimeRangeException', 'StartTime is after EndTime: pass a StartTime at or before the EndTime.');
    }

    if (optionalString(input, 'EventCategory') !== undefined && input['EventCategory'] !== 'insight') {
      throw new AwsError('InvalidEventCategoryException', 'EventCategory must be insight when it is set.');
    }
    const maxResults = input['MaxResults'] ?? PAGE_SIZE;
    if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50) {
      throw new AwsError('InvalidMaxResultsException', `MaxResults must be a whole number from 1 to 50, got ${String(maxResults)}.`);
    }

    // Insights events are never seeded, so a look-up for them returns nothing.
    const matching = input['EventCategory'] === 'insight'
      ? []
      : this.history.filter((event) => (start === undefined || event.EventTime >= start) && event.EventTime <= end && filter(event));
    const page = paginate(matching, {
      scope: `LookupEvents:${JSON.stringify([attributes, start?.getTime(), end.getTime()])}`,
      nextToken: optionalString(input, 'NextToken'),
      pageSize: maxResults,
      errorCode: 'InvalidNextTokenException',
    });
    return {
      Events: page.items.map((event) => ({ ...event, EventTime: epochSeconds(event.EventTime) })),
      ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
    };
  }
}

/** Event history shows the IAM user name, or the session name of an assumed role. */
function usernameOf(identity: { userName?: unknown; arn?: unknown }): { Username?: string } {
  if (typeof identity.userName === 'string') return { Username: identity.userName };
  if (typeof identity.arn === 'string' && identity.arn.includes(':assumed-role/')) {
    return { Username: identity.arn.split('/').pop() ?? identity.arn };
  }
  return {};
}

function attributeFilter(attribute: JsonInput): (event: HistoryEvent) => boolean {
  const key = attribute['AttributeKey'];
  const value = attribute['AttributeValue'];
  if (typeof key !== 'string' || !(key in ATTRIBUTES)) {
    throw new AwsError('InvalidLookupAttributesException', `AttributeKey ${String(key)} is not valid: use one of ${Object.keys(ATTRIBUTES).join(', ')}.`);
  }
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) {
    throw new AwsError('InvalidLookupAttributesException', `AttributeValue for ${key} must be 1 to 2000 characters.`);
  }
  const field = ATTRIBUTES[key] as (event: HistoryEvent) => string[];
  return (event) => field(event).includes(value);
}

/** Reads a JSON 1.1 timestamp: epoch seconds as a number. */
function optionalTime(input: JsonInput, member: string): Date | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new AwsError('ValidationException', `${member} must be a timestamp (epoch seconds).`);
  }
  return new Date(value * 1000);
}
