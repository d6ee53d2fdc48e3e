import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Alert, AlertPublisher } from '../alerts/alert.js';
import { CLIENT_OPTIONS } from './clients.js';
import { callAws } from './errors.js';

/** Publishes alerts to the stack's SNS topic. */
export class SnsAlertPublisher implements AlertPublisher {
  constructor(
    private readonly topicArn: string,
    private readonly client: SNSClient = new SNSClient(CLIENT_OPTIONS),
  ) {}

  async publish(alert: Alert): Promise<void> {
    await callAws('Publish', this.topicArn, () =>
      this.client.send(new PublishCommand({ TopicArn: this.topicArn, Subject: alert.subject, Message: alert.message })),
    );
  }
}
