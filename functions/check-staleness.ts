import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { loadCheckConfig } from '../shared/config/check-config.js';
import { loadConfig } from '../shared/config/config.js';
import { logger } from '../shared/logging/logger.js';
import { checkStaleness } from '../shared/staleness/check-staleness.js';
import { createStalenessDeps } from '../shared/staleness/default-deps.js';

const deps = createStalenessDeps({ config: loadConfig(), checks: loadCheckConfig(), logger });

/** Target of the check schedule (EventBridge Scheduled Event); any other event also runs the checks once. */
export const handler = middy(async (event: { id?: string; 'detail-type'?: string } | undefined) => {
  logger.info('check.invoked', { eventId: event?.id, detailType: event?.['detail-type'] });
  return checkStaleness(deps);
}).use(injectLambdaContext(logger, { resetKeys: true }));
