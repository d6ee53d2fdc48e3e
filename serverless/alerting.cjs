'use strict';
// Variable source for serverless.yml: the alert topic's e-mail subscriptions and the CloudWatch
// alarms that notify the topic (function errors, dead-letter queue depth). Alarm descriptions
// reach the subscribers in the CloudWatch alarm message, so they follow the alert language.
const { createHash } = require('node:crypto');
const { FUNCTION_GRANTS } = require('./iam/function-grants.cjs');
const { deadLetterQueueName } = require('./settings.cjs');
const { resolveStackContext } = require('./stack-context.cjs');

/** Seconds per alarm evaluation period. */
const ALARM_PERIOD_SECONDS = 300;

const TEXTS = {
  en: {
    functionErrors: (name) =>
      `${name} failed at least once in 5 minutes. Lambda retries the event twice, then moves it to the dead-letter queue. Check the function's log group.`,
    deadLetters: (name) =>
      `Events are waiting in ${name}: a parameter change or command result was not processed after all retries. Read the messages, fix the cause, and start the rollout again.`,
  },
  de: {
    functionErrors: (name) =>
      `${name} ist in den letzten 5 Minuten mindestens einmal fehlgeschlagen. Lambda wiederholt das Event zweimal und legt es danach in der Dead-Letter-Queue ab. Prüfen Sie die Log-Gruppe der Funktion.`,
    deadLetters: (name) =>
      `In ${name} liegen Events: Eine Parameteränderung oder ein Command-Ergebnis wurde auch nach allen Wiederholungen nicht verarbeitet. Lesen Sie die Nachrichten, beheben Sie die Ursache und starten Sie den Rollout erneut.`,
  },
};

function capitalize(key) {
  return `${key[0].toUpperCase()}${key.slice(1)}`;
}

/** Logical ID that stays the same while the address stays, so reordering the list re-subscribes no one. */
function subscriptionLogicalId(email) {
  const digest = createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 10);
  return `AlertEmailSubscription${digest}`;
}

function alarm(properties) {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      Period: ALARM_PERIOD_SECONDS,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: 'AlertTopic' }],
      ...properties,
    },
  };
}

/** Builds subscriptions and alarms for a stack context and the stack's function keys. */
function buildAlerting(ctx, functionKeys = Object.keys(FUNCTION_GRANTS)) {
  const texts = TEXTS[ctx.alertLanguage];
  const resources = {};

  for (const email of ctx.alertEmails) {
    resources[subscriptionLogicalId(email)] = {
      Type: 'AWS::SNS::Subscription',
      Properties: { TopicArn: { Ref: 'AlertTopic' }, Protocol: 'email', Endpoint: email },
    };
  }

  for (const functionKey of functionKeys) {
    const name = ctx.functionName(functionKey);
    resources[`${capitalize(functionKey)}ErrorsAlarm`] = alarm({
      AlarmName: `${name}-errors`,
      AlarmDescription: texts.functionErrors(name),
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: `${capitalize(functionKey)}LambdaFunction` } }],
      Statistic: 'Sum',
    });
  }

  const queueName = deadLetterQueueName(ctx.service, ctx.stage);
  resources.DeadLetterQueueAlarm = alarm({
    AlarmName: `${queueName}-not-empty`,
    AlarmDescription: texts.deadLetters(queueName),
    Namespace: 'AWS/SQS',
    MetricName: 'ApproximateNumberOfMessagesVisible',
    Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['DeadLetterQueue', 'QueueName'] } }],
    Statistic: 'Maximum',
  });

  return resources;
}

module.exports.resources = async (source) => ({
  Resources: buildAlerting(await resolveStackContext(source)),
});
module.exports.buildAlerting = buildAlerting;
