import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import { loadConfig } from '../shared/config/config.js';
import { ParameterChangeEventSchema, type ParameterChangeEvent } from '../shared/events/schemas.js';
import { logger } from '../shared/logging/logger.js';
import { createRolloutDeps } from '../shared/rollout/default-deps.js';
import { startRollout } from '../shared/rollout/start-rollout.js';

const deps = createRolloutDeps(loadConfig(), logger);

/** EventBridge target for Parameter Store changes of the watched token parameters. */
export const handler = middy((event: ParameterChangeEvent) => startRollout(event, deps))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(parser({ schema: ParameterChangeEventSchema }));
