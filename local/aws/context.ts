// Parts shared by every service of the local endpoint: account, region, clock and the event sink.
import { randomUUID } from 'node:crypto';
import type { BusEvent, EventSink } from '../types.js';

/** Account, region, clock and event output shared by the SSM and SNS services. */
export interface ServiceContext {
  region: string;
  accountId: string;
  /** Current time; tests may pass a fixed clock. */
  now(): Date;
  /** Sends an EventBridge event to the sink given to `startLocalAws`. */
  emit(event: BusEvent): void;
}

/** Formats a time as EventBridge does in `time`: ISO 8601 in UTC without milliseconds. */
export function eventTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Builds an `aws.ssm` event as EventBridge delivers it. */
export function ssmEvent(
  context: ServiceContext,
  detailType: string,
  resources: string[],
  detail: Record<string, unknown>,
): BusEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source: 'aws.ssm',
    account: context.accountId,
    time: eventTime(context.now()),
    region: context.region,
    resources,
    detail,
  };
}

/** Creates the context, wrapping the sink so that a throwing subscriber cannot break a request. */
export function createContext(options: {
  region: string;
  accountId: string;
  events: EventSink;
  clock?: () => Date;
}): ServiceContext {
  const clock = options.clock ?? (() => new Date());
  return {
    region: options.region,
    accountId: options.accountId,
    now: clock,
    emit(event) {
      try {
        options.events(event);
      } catch (error) {
        // AWS delivers events apart from the API call, so a failing subscriber never fails the call.
        // Only the error's name and the event type are printed: the sink's message is not ours to trust.
        process.stderr.write(
          `local-aws: event sink threw ${(error as Error)?.name ?? 'an error'} for '${event['detail-type']}'\n`,
        );
      }
    },
  };
}

/** Seconds since the epoch with millisecond precision: the JSON 1.1 form of a timestamp. */
export function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}
