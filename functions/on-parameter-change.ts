import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import { SsmParameterStore } from '../shared/aws/parameter-store.js';
import { SsmRunCommand } from '../shared/aws/run-command.js';
import { SnsAlertPublisher } from '../shared/aws/sns-publisher.js';
import { loadConfig } from '../shared/config/config.js';
import { ParameterChangeEventSchema, type ParameterChangeEvent } from '../shared/events/schemas.js';
import { logger } from '../shared/logging/logger.js';
import { startRollout } from '../shared/rollout/start-rollout.js';

const config = loadConfig();
const deps = {
  config,
  parameters: new SsmParameterStore(),
  commands: new SsmRunCommand(),
  alerts: new SnsAlertPublisher(config.alertTopicArn),
  logger,
};

/** EventBridge target for Parameter Store changes of the watched token parameters. */
export const handler = middy((event: ParameterChangeEvent) => startRollout(event, deps))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(parser({ schema: ParameterChangeEventSchema }));
