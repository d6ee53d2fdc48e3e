import {
  CreateTopicCommand,
  GetTopicAttributesCommand,
  InvalidParameterException,
  ListSubscriptionsByTopicCommand,
  NotFoundException,
  PublishCommand,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeAgent, startTestEndpoint, type TestEndpoint } from './helpers.js';

let endpoint: TestEndpoint;
let topicArn: string;

beforeEach(async () => {
  endpoint = await startTestEndpoint(new FakeAgent([]));
  const output = await endpoint.sns.send(new CreateTopicCommand({ Name: 'hf-token-rotation-alerts' }));
  topicArn = output.TopicArn ?? '';
});
afterEach(async () => {
  await endpoint.close();
});

function publish(subject: string | undefined, message = 'Canary failed on i-0123.') {
  return endpoint.sns.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
}

describe('CreateTopic', () => {
  it('returns the topic ARN', () => {
    expect(topicArn).toBe('arn:aws:sns:eu-central-1:123456789012:hf-token-rotation-alerts');
  });

  it('is idempotent', async () => {
    const again = await endpoint.sns.send(new CreateTopicCommand({ Name: 'hf-token-rotation-alerts' }));

    expect(again.TopicArn).toBe(topicArn);
  });

  it('rejects invalid name', async () => {
    const attempt = endpoint.sns.send(new CreateTopicCommand({ Name: 'bad name' }));

    await expect(attempt).rejects.toBeInstanceOf(InvalidParameterException);
  });
});

describe('Publish', () => {
  it('keeps the message for inspection', async () => {
    const output = await publish('Token rollout failed', 'Body text');

    const [message] = endpoint.aws.sns.messages(topicArn);

    expect(output.MessageId).toBe(message?.messageId);
    expect(message?.subject).toBe('Token rollout failed');
    expect(message?.message).toBe('Body text');
    expect(message?.time).toBeInstanceOf(Date);
  });

  it('accepts subject of 99 characters', async () => {
    await publish('s'.repeat(99));

    expect(endpoint.aws.sns.messages()).toHaveLength(1);
  });

  it.each([
    ['100 characters', 's'.repeat(100)],
    ['line break', 'first\nsecond'],
    ['carriage return', 'first\rsecond'],
    ['control character', 'bell\u0007'],
    ['non-ASCII', 'Rotation fehlgeschlagen – Kanarienvogel'],
    ['leading space', ' padded'],
    ['empty', ''],
  ])('rejects subject with %s', async (_case, subject) => {
    const attempt = publish(subject);

    await expect(attempt).rejects.toBeInstanceOf(InvalidParameterException);
    expect(endpoint.aws.sns.messages()).toEqual([]);
  });

  it('accepts message of 256 KiB', async () => {
    await publish(undefined, 'm'.repeat(262_144));

    expect(endpoint.aws.sns.messages()).toHaveLength(1);
  });

  it('rejects message over 256 KiB', async () => {
    const attempt = publish(undefined, 'ä'.repeat(131_073));

    await expect(attempt).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('rejects empty message', async () => {
    const attempt = publish(undefined, '');

    await expect(attempt).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('raises NotFound for unknown topic', async () => {
    const attempt = endpoint.sns.send(new PublishCommand({ TopicArn: `${topicArn}-missing`, Message: 'x' }));

    await expect(attempt).rejects.toBeInstanceOf(NotFoundException);
  });
});

describe('subscriptions', () => {
  it('leave e-mail pending', async () => {
    const output = await endpoint.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: 'ops@example.com' }));

    const list = await endpoint.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));

    expect(output.SubscriptionArn).toBe('pending confirmation');
    expect(list.Subscriptions).toEqual([
      { SubscriptionArn: 'PendingConfirmation', Owner: '123456789012', Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: topicArn },
    ]);
  });

  it('show ARN once confirmed', async () => {
    await endpoint.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: 'ops@example.com' }));

    const confirmed = endpoint.aws.sns.confirmSubscriptions(topicArn);
    const list = await endpoint.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));

    expect(confirmed).toBe(1);
    expect(list.Subscriptions?.[0]?.SubscriptionArn).toMatch(new RegExp(`^${topicArn}:[0-9a-f-]{36}$`));
  });

  it('reject invalid e-mail address', async () => {
    const attempt = endpoint.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: 'not-an-address' }));

    await expect(attempt).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('count in topic attributes', async () => {
    await endpoint.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: 'ops@example.com' }));
    await endpoint.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:eu-central-1:123456789012:q' }));

    const output = await endpoint.sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));

    expect(output.Attributes?.['SubscriptionsPending']).toBe('1');
    expect(output.Attributes?.['SubscriptionsConfirmed']).toBe('1');
    expect(output.Attributes?.['TopicArn']).toBe(topicArn);
    expect(output.Attributes?.['Owner']).toBe('123456789012');
  });
});
