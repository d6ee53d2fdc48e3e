// The SNS service of the local endpoint and the table of actions it handles.
import type { ServiceContext } from '../context.js';
import type { QueryInput, XmlElement } from './query.js';
import { TopicStore } from './topics.js';

/** Handles one SNS action: form input in, result elements out (or an AwsError thrown). */
export type SnsAction = (input: QueryInput) => XmlElement[];

/** Topics, subscriptions and published messages of one account and region. */
export class SnsService {
  readonly topics: TopicStore;
  /** Action name (the form's `Action` value) to handler. */
  readonly actions: ReadonlyMap<string, SnsAction>;

  constructor(context: ServiceContext) {
    const topics = new TopicStore(context);
    this.topics = topics;
    this.actions = new Map<string, SnsAction>([
      ['CreateTopic', (input) => topics.createTopic(input)],
      ['Publish', (input) => topics.publish(input)],
      ['Subscribe', (input) => topics.subscribe(input)],
      ['ListSubscriptionsByTopic', (input) => topics.listSubscriptionsByTopic(input)],
      ['GetTopicAttributes', (input) => topics.getTopicAttributes(input)],
    ]);
  }
}
