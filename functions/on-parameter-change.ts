import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { SSMClient } from '@aws-sdk/client-ssm';
import middy from '@middy/core';
import { CLIENT_OPTIONS } from '../shared/aws/clients.js';
import { loadCheckConfig } from '../shared/config/check-config.js';
import { loadConfig } from '../shared/config/config.js';
import { ParameterChangeEventSchema, type ParameterChangeEvent } from '../shared/events/schemas.js';
import { createPreflight } from '../shared/hub/create-preflight.js';
import { logger } from '../shared/logging/logger.js';
import { createRolloutDeps } from '../shared/rollout/default-deps.js';
import { startRollout } from '../shared/rollout/start-rollout.js';

const config = loadConfig();
const ssm = new SSMClient(CLIENT_OPTIONS);
const preflight = createPreflight({ checks: loadCheckConfig(), language: config.alertLanguage, logger, ssm });
const deps = createRolloutDeps(config, logger, preflight, ssm);

/** EventBridge target for Parameter Store changes of the watched token parameters. */
export const handler = middy((event: ParameterChangeEvent) => startRollout(event, deps))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(parser({ schema: ParameterChangeEventSchema }));
