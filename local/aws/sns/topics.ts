// SNS topics, subscriptions and published messages.
import { randomUUID } from 'node:crypto';
import { AwsError } from '../errors.js';
import type { ServiceContext } from '../context.js';
import { paginate } from '../pagination.js';
import { readQueryMap, readQueryTags, type QueryInput, type XmlElement } from './query.js';

/** A message accepted by Publish, kept for inspection (nothing is delivered). */
export interface PublishedMessage {
  messageId: string;
  topicArn: string;
  subject: string | undefined;
  message: string;
  time: Date;
}

/** A subscription of a topic. */
export interface Subscription {
  subscriptionArn: string;
  topicArn: string;
  protocol: string;
  endpoint: string;
  confirmed: boolean;
}

interface Topic {
  arn: string;
  name: string;
  attributes: Record<string, string>;
  tags: Array<{ Key: string; Value: string }>;
}

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
const PROTOCOLS = ['http', 'https', 'email', 'email-json', 'sms', 'sqs', 'application', 'lambda', 'firehose'];
/** Protocols whose subscriptions wait for the endpoint's owner to confirm them. */
const CONFIRMED_BY_OWNER = new Set(['http', 'https', 'email', 'email-json']);
/** SNS limits: subject shorter than 100 characters, message up to 256 KiB of UTF-8. */
const MAX_SUBJECT_LENGTH = 99;
const MAX_MESSAGE_BYTES = 262_144;
/** ListSubscriptionsByTopic returns up to 100 subscriptions per page. */
const SUBSCRIPTIONS_PAGE_SIZE = 100;

/** The topics of one account and region. */
export class TopicStore {
  private readonly topics = new Map<string, Topic>();
  private readonly subscriptionList: Subscription[] = [];
  private readonly published: PublishedMessage[] = [];

  constructor(private readonly context: ServiceContext) {}

  /** Published messages, oldest first, optionally for one topic. */
  messages(topicArn?: string): PublishedMessage[] {
    return this.published.filter((message) => topicArn === undefined || message.topicArn === topicArn).map((message) => ({ ...message }));
  }

  /** Subscriptions, optionally of one topic. */
  subscriptions(topicArn?: string): Subscription[] {
    return this.subscriptionList.filter((subscription) => topicArn === undefined || subscription.topicArn === topicArn).map((subscription) => ({ ...subscription }));
  }

  /** Confirms every pending subscription (of one topic), as if each owner had followed the link. */
  confirmSubscriptions(topicArn?: string): number {
    let confirmed = 0;
    for (const subscription of this.subscriptionList) {
      if (!subscription.confirmed && (topicArn === undefined || subscription.topicArn === topicArn)) {
        subscription.confirmed = true;
        confirmed += 1;
      }
    }
    return confirmed;
  }

  /** Creates a topic, or returns the existing one of that name (CreateTopic is idempotent). */
  create(name: string, attributes: Record<string, string> = {}, tags: Array<{ Key: string; Value: string }> = []): string {
    if (!TOPIC_NAME.test(name)) {
      throw invalidParameter(`Topic Name: ${name} is not valid; use 1 to 256 letters, digits, '-' or '_'.`);
    }
    const arn = `arn:aws:sns:${this.context.region}:${this.context.accountId}:${name}`;
    if (!this.topics.has(arn)) {
      this.topics.set(arn, { arn, name, attributes: { ...attributes }, tags });
    }
    return arn;
  }

  createTopic(input: QueryInput): XmlElement[] {
    const name = requireParameter(input, 'Name');
    return [['TopicArn', this.create(name, readQueryMap(input, 'Attributes'), readQueryTags(input, 'Tags'))]];
  }

  publish(input: QueryInput): XmlElement[] {
    const topicArn = input.get('TopicArn') ?? input.get('TargetArn') ?? undefined;
    if (topicArn === undefined) {
      throw invalidParameter(input.has('PhoneNumber') ? 'PhoneNumber: SMS is not supported locally; publish to a topic.' : 'TopicArn or TargetArn Reason: no value for required parameter');
    }
    this.requireTopic(topicArn);
    const subject = input.get('Subject') ?? undefined;
    if (subject !== undefined) {
      checkSubject(subject);
    }
    const message = input.get('Message') ?? '';
    checkMessage(message, input.get('MessageStructure') ?? undefined);
    const published: PublishedMessage = { messageId: randomUUID(), topicArn, subject, message, time: this.context.now() };
    this.published.push(published);
    return [['MessageId', published.messageId]];
  }

  subscribe(input: QueryInput): XmlElement[] {
    const topicArn = requireParameter(input, 'TopicArn');
    this.requireTopic(topicArn);
    const protocol = requireParameter(input, 'Protocol');
    if (!PROTOCOLS.includes(protocol)) {
      throw invalidParameter(`Invalid protocol type: ${protocol}. Use one of ${PROTOCOLS.join(', ')}.`);
    }
    const endpoint = input.get('Endpoint') ?? '';
    if ((protocol === 'email' || protocol === 'email-json') && !/^[^@\s]+@[^@\s]+$/.test(endpoint)) {
      throw invalidParameter(`Email address: '${endpoint}' is not a valid e-mail address.`);
    }
    let subscription = this.subscriptionList.find(
      (candidate) => candidate.topicArn === topicArn && candidate.protocol === protocol && candidate.endpoint === endpoint,
    );
    if (subscription === undefined) {
      subscription = { subscriptionArn: `${topicArn}:${randomUUID()}`, topicArn, protocol, endpoint, confirmed: !CONFIRMED_BY_OWNER.has(protocol) };
      this.subscriptionList.push(subscription);
    }
    const returnArn = input.get('ReturnSubscriptionArn') === 'true';
    return [['SubscriptionArn', subscription.confirmed || returnArn ? subscription.subscriptionArn : 'pending confirmation']];
  }

  listSubscriptionsByTopic(input: QueryInput): XmlElement[] {
    const topicArn = requireParameter(input, 'TopicArn');
    this.requireTopic(topicArn);
    const page = paginate(this.subscriptions(topicArn), {
      scope: `ListSubscriptionsByTopic:${topicArn}`,
      nextToken: input.get('NextToken') ?? undefined,
      pageSize: SUBSCRIPTIONS_PAGE_SIZE,
      errorCode: 'InvalidParameter',
    });
    return [
      [
        'Subscriptions',
        {
          members: page.items.map((subscription) => [
            ['SubscriptionArn', subscription.confirmed ? subscription.subscriptionArn : 'PendingConfirmation'],
            ['Owner', this.context.accountId],
            ['Protocol', subscription.protocol],
            ['Endpoint', subscription.endpoint],
            ['TopicArn', subscription.topicArn],
          ]),
        },
      ],
      ['NextToken', page.nextToken],
    ];
  }

  getTopicAttributes(input: QueryInput): XmlElement[] {
    const topic = this.requireTopic(requireParameter(input, 'TopicArn'));
    const subscriptions = this.subscriptions(topic.arn);
    const attributes: Record<string, string> = {
      Policy: JSON.stringify(defaultPolicy(topic.arn, this.context.accountId)),
      Owner: this.context.accountId,
      SubscriptionsPending: String(subscriptions.filter((subscription) => !subscription.confirmed).length),
      TopicArn: topic.arn,
      EffectiveDeliveryPolicy: JSON.stringify({
        http: { defaultHealthyRetryPolicy: { minDelayTarget: 20, maxDelayTarget: 20, numRetries: 3, numMaxDelayRetries: 0, numNoDelayRetries: 0, numMinDelayRetries: 0, backoffFunction: 'linear' }, disableSubscriptionOverrides: false },
      }),
      SubscriptionsConfirmed: String(subscriptions.filter((subscription) => subscription.confirmed).length),
      DisplayName: '',
      SubscriptionsDeleted: '0',
      ...topic.attributes,
    };
    return [['Attributes', { entries: attributes }]];
  }

  private requireTopic(topicArn: string): Topic {
    const topic = this.topics.get(topicArn);
    if (topic === undefined) {
      throw new AwsError('NotFound', `Topic does not exist: ${topicArn}. Create it with CreateTopic first.`, 404);
    }
    return topic;
  }
}

/** Subject rules of Publish: printable ASCII, starts with a letter, digit or punctuation, under 100 characters. */
function checkSubject(subject: string): void {
  if (subject.length === 0) {
    throw invalidParameter('Subject: must not be empty; leave it out instead.');
  }
  if (subject.length > MAX_SUBJECT_LENGTH) {
    throw invalidParameter(`Subject: must be shorter than 100 characters (got ${subject.length}).`);
  }
  if (/[\r\n]/.test(subject)) {
    throw invalidParameter('Subject: must not contain line breaks.');
  }
  if (!/^[\x20-\x7e]+$/.test(subject)) {
    throw invalidParameter('Subject: must be printable ASCII text without control characters.');
  }
  if (subject.startsWith(' ')) {
    throw invalidParameter('Subject: must begin with a letter, number or punctuation mark.');
  }
}

function checkMessage(message: string, structure: string | undefined): void {
  if (message.length === 0) {
    throw invalidParameter('Empty message');
  }
  const bytes = Buffer.byteLength(message, 'utf8');
  if (bytes > MAX_MESSAGE_BYTES) {
    throw invalidParameter(`Message too long: ${bytes} bytes, the limit is ${MAX_MESSAGE_BYTES} bytes of UTF-8.`);
  }
  if (structure === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      throw invalidParameter('Message Structure - JSON message body failed to parse');
    }
    if (typeof parsed !== 'object' || parsed === null || typeof (parsed as Record<string, unknown>)['default'] !== 'string') {
      throw invalidParameter('Message Structure - No default entry in JSON message body');
    }
  }
}

function requireParameter(input: QueryInput, name: string): string {
  const value = input.get(name);
  if (value === null || value === '') {
    throw invalidParameter(`${name} Reason: no value for required parameter`);
  }
  return value;
}

function invalidParameter(detail: string): AwsError {
  return new AwsError('InvalidParameter', `Invalid parameter: ${detail}`);
}

function defaultPolicy(topicArn: string, accountId: string): Record<string, unknown> {
  return {
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:RemovePermission', 'SNS:DeleteTopic', 'SNS:Subscribe', 'SNS:ListSubscriptionsByTopic', 'SNS:Publish'],
        Resource: topicArn,
        Condition: { StringEquals: { 'AWS:SourceOwner': accountId } },
      },
    ],
  };
}
