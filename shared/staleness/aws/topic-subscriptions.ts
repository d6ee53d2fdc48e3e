import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { CLIENT_OPTIONS } from '../../aws/clients.js';
import { callAws } from '../../aws/errors.js';

/** Port for the alert topic's subscriptions. */
export interface TopicSubscriptions {
  /** The ARN of every subscription; `PendingConfirmation` for one not confirmed yet. */
  subscriptionArns(topicArn: string): Promise<string[]>;
}

/** Reads ListSubscriptionsByTopic across all pages. */
export class SnsTopicSubscriptions implements TopicSubscriptions {
  constructor(private readonly client: SNSClient = new SNSClient(CLIENT_OPTIONS)) {}

  async subscriptionArns(topicArn: string): Promise<string[]> {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await callAws('ListSubscriptionsByTopic', topicArn, () =>
        this.client.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: nextToken })),
      );
      for (const subscription of page.Subscriptions ?? []) arns.push(subscription.SubscriptionArn ?? 'PendingConfirmation');
      nextToken = page.NextToken;
    } while (nextToken);
    return arns;
  }
}

/** Checks whether a subscription is confirmed: SNS then returns a real ARN (not `PendingConfirmation` or `Deleted`). */
export function isConfirmed(subscriptionArn: string): boolean {
  return subscriptionArn.startsWith('arn:');
}
