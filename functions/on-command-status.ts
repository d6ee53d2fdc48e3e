import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import { SsmRunCommand } from '../shared/aws/run-command.js';
import { SnsAlertPublisher } from '../shared/aws/sns-publisher.js';
import { loadConfig } from '../shared/config/config.js';
import { CommandStatusEventSchema, type CommandStatusEvent } from '../shared/events/schemas.js';
import { logger } from '../shared/logging/logger.js';
import { collectResults } from '../shared/rollout/collect-results.js';

const config = loadConfig();
const deps = {
  config,
  invocations: new SsmRunCommand(),
  alerts: new SnsAlertPublisher(config.alertTopicArn),
  logger,
};

/** EventBridge target for terminal status changes of this stack's refresh commands. */
export const handler = middy((event: CommandStatusEvent) => collectResults(event, deps))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(parser({ schema: CommandStatusEventSchema }));
