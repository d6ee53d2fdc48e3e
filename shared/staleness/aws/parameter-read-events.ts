import { CloudTrailClient, LookupEventsCommand, type Event } from '@aws-sdk/client-cloudtrail';
import { CLIENT_OPTIONS } from '../../aws/clients.js';
import { callAws } from '../../aws/errors.js';
import { normalizeName, stripSlashes, type ParameterReadEvent, type ParameterReadEvents } from '../parameter-reads.js';

/** Parameter Store calls that return a parameter's value. */
export const READ_EVENT_NAMES = ['GetParameter', 'GetParameters', 'GetParameterHistory', 'GetParametersByPath'] as const;

/**
 * Pages LookupEvents cut the look-up short: event history of a busy account can hold thousands
 * of reads a day, and LookupEvents serves two requests per second per account and region.
 */
const MAX_PAGES_PER_EVENT_NAME = 40;

/**
 * Looks up reads through CloudTrail event history, one event name at a time (LookupEvents takes
 * a single attribute), and filters by parameter afterwards, because the request parameters are
 * only in the `CloudTrailEvent` JSON string.
 */
export class CloudTrailParameterReads implements ParameterReadEvents {
  constructor(
    private readonly onTruncated: (eventName: string, pages: number) => void = () => {},
    private readonly client: CloudTrailClient = new CloudTrailClient(CLIENT_OPTIONS),
  ) {}

  async lookup(start: Date, end: Date): Promise<ParameterReadEvent[]> {
    const events: ParameterReadEvent[] = [];
    for (const eventName of READ_EVENT_NAMES) {
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await callAws('LookupEvents', `EventName=${eventName}`, () =>
          this.client.send(
            new LookupEventsCommand({
              LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: eventName }],
              StartTime: start,
              EndTime: end,
              MaxResults: 50,
              NextToken: nextToken,
            }),
          ),
        );
        for (const event of page.Events ?? []) {
          const parsed = parseEvent(event);
          if (parsed) events.push(parsed);
        }
        nextToken = page.NextToken;
        pages += 1;
      } while (nextToken && pages < MAX_PAGES_PER_EVENT_NAME);
      if (nextToken) this.onTruncated(eventName, pages);
    }
    return events;
  }
}

/** The parts of a CloudTrail record read here; every field may be missing or null. */
interface CloudTrailRecord {
  eventSource?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  userIdentity?: {
    type?: string;
    arn?: string;
    invokedBy?: string;
    sessionContext?: { sessionIssuer?: { arn?: string } };
  };
  requestParameters?: { name?: unknown; names?: unknown; path?: unknown; recursive?: unknown } | null;
  resources?: Array<{ ARN?: string }> | null;
}

/** Turns one LookupEvents entry into a read event; returns null for other services or unreadable records. */
export function parseEvent(event: Event): ParameterReadEvent | null {
  if (!event.CloudTrailEvent || !event.EventId || !event.EventName) return null;
  let record: CloudTrailRecord;
  try {
    record = JSON.parse(event.CloudTrailEvent) as CloudTrailRecord;
  } catch {
    return null;
  }
  if ((event.EventSource ?? record.eventSource) !== 'ssm.amazonaws.com') return null;

  const request = record.requestParameters ?? {};
  const names = new Set<string>();
  const add = (value: unknown): void => {
    if (typeof value !== 'string') return;
    const name = normalizeName(value);
    if (name) names.add(name);
  };
  add(request.name);
  if (Array.isArray(request.names)) request.names.forEach(add);
  for (const resource of event.Resources ?? []) add(resource.ResourceName);
  for (const resource of record.resources ?? []) add(resource.ARN);
  // A denied call has no request parameters; its error message names the parameter ARN.
  for (const match of record.errorMessage?.matchAll(/arn:aws[a-z-]*:ssm:[^\s:]*:\d*:parameter\/[^\s,]+/g) ?? []) add(match[0]);

  const paths = typeof request.path === 'string' ? [{ path: stripSlashes(request.path), recursive: request.recursive === true }] : [];
  return {
    eventId: event.EventId,
    eventName: event.EventName,
    eventTime: event.EventTime ?? new Date(0),
    principalArn: record.userIdentity?.arn ?? null,
    sessionIssuerArn: record.userIdentity?.sessionContext?.sessionIssuer?.arn ?? null,
    invokedBy: record.userIdentity?.invokedBy ?? null,
    sourceIp: record.sourceIPAddress ?? 'unknown',
    userAgent: record.userAgent ?? null,
    errorCode: record.errorCode ?? null,
    parameterNames: [...names],
    paths,
  };
}
