import { ConfigError } from './errors.js';
import {
  booleanFlag,
  integerInRange,
  oneOf,
  optionalString,
  rateValue,
  requiredString,
  stringList,
  type Environment,
} from './read-env.js';

export const ALERT_LANGUAGES = ['en', 'de'] as const;
export type AlertLanguage = (typeof ALERT_LANGUAGES)[number];

/** Settings of the service, read once per cold start from the function's environment. */
export interface ServiceConfig {
  /** Parameter Store names whose changes start a rollout. @default ['/whisperx/hf_token'] */
  watchedParameters: string[];
  /** Name of the SSM Command document this stack owns. */
  documentName: string;
  /** EC2 tag that selects the fleet. @default 'HfTokenConsumer' */
  targetTagKey: string;
  /** Accepted values of the target tag. @default ['whisperx'] */
  targetTagValues: string[];
  /** Run Command MaxConcurrency (count or percent). @default '10%' */
  maxConcurrency: string;
  /** Run Command MaxErrors (count or percent). @default '0' */
  maxErrors: string;
  /** Seconds an offline instance may take to receive the command before it counts as not reached. @default 600 */
  deliveryTimeoutSeconds: number;
  /** SNS topic for alerts. */
  alertTopicArn: string;
  /** Language of alert texts. @default 'en' */
  alertLanguage: AlertLanguage;
  /** Also publish a summary when every instance applied the token. @default false */
  notifyOnSuccess: boolean;
  /** Stack name shown in alert subjects, such as `hf-token-rotation-prod`. */
  stackName: string;
  /** Canary wave size: a count (`1`) or a share of the online fleet (`5%`). @default '1' */
  canarySize: string;
  /** Share of failed instances (percent) above which a rollout is escalated. @default 50 */
  fleetFailurePercent: number;
  /** Parameter Store path for the service's own state (rollout claims). */
  statePath: string;
  /** Incident Manager response plan for escalations; null turns it off. */
  incidentResponsePlanArn: string | null;
  /** Escalate as OpsCenter OpsItems. @default false */
  opsCenterEnabled: boolean;
  /** Compose service that the refresh document recreates, named in alert advice. @default whisperx_cuda */
  composeService: string;
}

const PARAMETER_NAME = /^\/?[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
const TAG_KEY = /^[A-Za-z0-9 _.:/=+@-]{1,128}$/;
// Same rule as the refresh document's composeService parameter.
const COMPOSE_SERVICE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
/** The refresh document's default compose service. */
export const DEFAULT_COMPOSE_SERVICE = 'whisperx_cuda';

/**
 * Reads and validates the configuration. Throws ConfigError naming the variable and the
 * allowed values, so a bad setting fails the cold start instead of a rollout.
 */
export function loadConfig(env: Environment = process.env): ServiceConfig {
  const watchedParameters = stringList(env, 'WATCHED_PARAMETERS', ['/whisperx/hf_token']);
  for (const name of watchedParameters) {
    if (!PARAMETER_NAME.test(name)) {
      throw new ConfigError('WATCHED_PARAMETERS', `"${name}" is not a valid Parameter Store name (letters, digits, _ . - and / between path parts).`);
    }
  }
  const targetTagKey = optionalString(env, 'TARGET_TAG_KEY', 'HfTokenConsumer');
  if (!TAG_KEY.test(targetTagKey)) {
    throw new ConfigError('TARGET_TAG_KEY', `"${targetTagKey}" is not a valid EC2 tag key.`);
  }
  const composeService = optionalString(env, 'COMPOSE_SERVICE', DEFAULT_COMPOSE_SERVICE);
  if (!COMPOSE_SERVICE.test(composeService)) {
    throw new ConfigError('COMPOSE_SERVICE', `"${composeService}" is not a compose service name such as whisperx_cuda.`);
  }
  return {
    watchedParameters,
    documentName: requiredString(env, 'DOCUMENT_NAME'),
    targetTagKey,
    targetTagValues: stringList(env, 'TARGET_TAG_VALUES', ['whisperx']),
    maxConcurrency: maxConcurrency(env),
    maxErrors: rateValue(env, 'MAX_ERRORS', '0'),
    deliveryTimeoutSeconds: integerInRange(env, 'DELIVERY_TIMEOUT_SECONDS', 30, 2_592_000, 600),
    alertTopicArn: requiredString(env, 'ALERT_TOPIC_ARN'),
    alertLanguage: oneOf(env, 'ALERT_LANGUAGE', ALERT_LANGUAGES, 'en'),
    notifyOnSuccess: booleanFlag(env, 'NOTIFY_ON_SUCCESS', false),
    stackName: optionalString(env, 'STACK_NAME', 'hf-token-rotation'),
    canarySize: rateValue(env, 'CANARY_SIZE', '1'),
    fleetFailurePercent: integerInRange(env, 'FLEET_FAILURE_PERCENT', 1, 100, 50),
    statePath: statePath(env),
    incidentResponsePlanArn: responsePlanArn(env),
    opsCenterEnabled: booleanFlag(env, 'OPS_CENTER_ENABLED', false),
    composeService,
  };
}

/** Run Command rejects a MaxConcurrency of 0, so the setting must let one instance run. */
function maxConcurrency(env: Environment): string {
  const value = rateValue(env, 'MAX_CONCURRENCY', '10%');
  if (value === '0') {
    throw new ConfigError('MAX_CONCURRENCY', 'must let at least one instance run at a time (1 or more, or 1% to 100%), got "0".');
  }
  return value;
}

function statePath(env: Environment): string {
  const path = optionalString(env, 'STATE_PARAMETER_PATH', '/hf-token-rotation/default').replace(/\/+$/, '');
  if (!/^(\/[A-Za-z0-9_.-]+)+$/.test(path)) {
    throw new ConfigError('STATE_PARAMETER_PATH', `"${path}" is not a Parameter Store path such as /hf-token-rotation/prod.`);
  }
  return path;
}

function responsePlanArn(env: Environment): string | null {
  const arn = optionalString(env, 'INCIDENT_RESPONSE_PLAN_ARN', '');
  if (arn === '') return null;
  if (!/^arn:aws[a-z-]*:ssm-incidents::\d{12}:response-plan\/[A-Za-z0-9_-]+$/.test(arn)) {
    throw new ConfigError('INCIDENT_RESPONSE_PLAN_ARN', `"${arn}" is not a response plan ARN (arn:aws:ssm-incidents::ACCOUNT:response-plan/NAME); leave it empty to turn Incident Manager off.`);
  }
  return arn;
}
