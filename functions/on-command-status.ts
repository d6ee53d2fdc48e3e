import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import { loadConfig } from '../shared/config/config.js';
import { CommandStatusEventSchema, type CommandStatusEvent } from '../shared/events/schemas.js';
import { logger } from '../shared/logging/logger.js';
import { collectResults } from '../shared/rollout/collect-results.js';
import { createRolloutDeps } from '../shared/rollout/default-deps.js';

const deps = createRolloutDeps(loadConfig(), logger);

/** EventBridge target for terminal status changes of this stack's refresh commands. */
export const handler = middy((event: CommandStatusEvent) => collectResults(event, deps))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(parser({ schema: CommandStatusEventSchema }));
