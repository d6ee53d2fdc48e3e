import { isConfirmed } from './aws/topic-subscriptions.js';
import { finding, type Finding } from './finding.js';

/** Reports an alert topic without a confirmed subscription. Alerts then reach no one, so the finding is escalated. */
export function alertTopicFindings(topicArn: string, subscriptionArns: string[]): Finding[] {
  if (subscriptionArns.some(isConfirmed)) return [];
  const pending = subscriptionArns.filter((arn) => arn === 'PendingConfirmation').length;
  return [
    finding(topicArn, 'subscriptions', 'error', { kind: 'alert_topic_unconfirmed', topicArn, pending, total: subscriptionArns.length }, { escalate: true }),
  ];
}
