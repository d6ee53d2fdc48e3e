'use strict';
// Reads the stage parameters that shape IAM and the stack's resources, and rejects bad values at
// package time, so a typo fails `sls package` instead of a rollout.
const { INSTANCE_SETTINGS, documentDefaults, minimumCommandTimeoutSeconds } = require('./instance-settings.cjs');
const { documentName, functionName, listParameter, statePath } = require('./settings.cjs');

// Same rule as the runtime config: letters, digits, _ . - and / between path parts.
const PARAMETER_NAME = /^\/?[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
const TAG_KEY = /^[A-Za-z0-9 _.:/=+@-]{1,128}$/;
const TAG_VALUE = /^[A-Za-z0-9 _.:/=+@-]{1,256}$/;
const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/[A-Za-z0-9-]+$/;
const KMS_ALIAS = /^(alias\/[A-Za-z0-9/_-]+|arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:alias\/[A-Za-z0-9/_-]+)$/;
// Incident Manager ARNs have no region part.
const RESPONSE_PLAN_ARN = /^arn:aws[a-z-]*:ssm-incidents::[0-9]{12}:response-plan\/[A-Za-z0-9_-]+$/;

/** Thrown for a stage parameter that cannot be deployed; the message names the parameter and the fix. */
class StackParameterError extends Error {
  constructor(parameter, problem) {
    super(`Stage parameter "${parameter}" ${problem} Set it in serverless.yml params or with --param "${parameter}=...".`);
    this.name = 'StackParameterError';
  }
}

function checkEach(parameter, values, pattern, what) {
  for (const value of values) {
    if (!pattern.test(value)) throw new StackParameterError(parameter, `contains "${value}", which is not ${what}.`);
  }
  return values;
}

function requireList(parameter, raw) {
  const values = listParameter(raw);
  if (values.length === 0) throw new StackParameterError(parameter, 'must list at least one value (comma-separated).');
  return values;
}

function parseBoolean(parameter, raw) {
  const value = String(raw).trim().toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new StackParameterError(parameter, `must be true or false, got "${raw}".`);
}

/** Splits the KMS key parameter into a key ARN, or an alias that IAM cannot name as a resource. */
function parseKmsKey(raw) {
  const value = String(raw).trim();
  if (KMS_KEY_ARN.test(value)) return { keyArn: value, alias: null };
  if (KMS_ALIAS.test(value)) return { keyArn: null, alias: value };
  throw new StackParameterError(
    'tokenKmsKeyArn',
    `is "${value}", which is neither a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID) nor an alias (alias/NAME).`,
  );
}

function parseLanguage(raw) {
  const value = String(raw).trim();
  if (value !== 'en' && value !== 'de') throw new StackParameterError('alertLanguage', `must be en or de, got "${value}".`);
  return value;
}

function parseResponsePlan(raw) {
  const value = String(raw ?? '').trim();
  if (value === '') return '';
  if (!RESPONSE_PLAN_ARN.test(value)) {
    throw new StackParameterError(
      'incidentResponsePlanArn',
      `is "${value}", which is not a response plan ARN (arn:aws:ssm-incidents::ACCOUNT:response-plan/NAME); leave it empty to turn Incident Manager off.`,
    );
  }
  return value;
}

// The longest name built from the stage is the EventBridge target ID
// `hf-token-rotation-<stage>-parameter-change-target`, with a maximum of 64 characters.
const STAGE = /^[A-Za-z0-9-]{1,20}$/;
// Run Command rate value: a count or a percentage, as MaxConcurrency and MaxErrors take it.
const RATE_VALUE = /^([1-9][0-9]{0,5}|[0-9]|([1-9][0-9]?|100)%)$/;
// State Manager accepts association rates of 30 minutes or more.
// NOTE: that limit comes from the State Manager documentation and was not checked against AWS here.
// A value of 1 takes the singular unit and larger values the plural. Cron has 5 or 6 fields.
const SCHEDULE =
  /^(rate\(([3-9][0-9]|[1-9][0-9]{2,}) minutes\)|rate\(1 (hour|day)\)|rate\(([2-9]|[1-9][0-9]+) (hours|days)\)|cron\(\S+( \S+){4,5}\))$/;

// Retention periods that CloudWatch Logs accepts, in days.
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

function checkInteger(parameter, raw, min, max) {
  const text = String(raw).trim();
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || value < min || value > max) {
    throw new StackParameterError(parameter, `must be a whole number from ${min} to ${max}, got "${raw}".`);
  }
  return value;
}

/**
 * Checks the parameters that only reach the functions' environment and the association, so a
 * bad value fails packaging instead of the first cold start. Limits match the runtime config.
 */
function checkRolloutSettings(raw) {
  for (const parameter of ['canarySize', 'maxConcurrency', 'maxErrors']) {
    if (!RATE_VALUE.test(String(raw[parameter]).trim())) {
      throw new StackParameterError(parameter, `must be a count (for example 10) or a percentage from 1% to 100%, got "${raw[parameter]}".`);
    }
  }
  if (/^0%?$/.test(String(raw.maxConcurrency).trim())) {
    throw new StackParameterError('maxConcurrency', `must let at least one instance run at a time (1 or more, or 1% to 100%), got "${raw.maxConcurrency}".`);
  }
  checkInteger('deliveryTimeoutSeconds', raw.deliveryTimeoutSeconds, 30, 2_592_000);
  checkInteger('commandTimeoutSeconds', raw.commandTimeoutSeconds, 1, 172_800);
  checkInteger('fleetFailurePercent', raw.fleetFailurePercent, 1, 100);
  const maxAgeDays = checkInteger('tokenMaxAgeDays', raw.tokenMaxAgeDays, 1, 3650);
  checkInteger('tokenWarningDays', raw.tokenWarningDays, 0, maxAgeDays - 1);
  const retention = checkInteger('logRetentionDays', raw.logRetentionDays, 1, 3653);
  if (!LOG_RETENTION_DAYS.includes(retention)) {
    throw new StackParameterError('logRetentionDays', `must be one of the values CloudWatch Logs accepts (${LOG_RETENTION_DAYS.join(', ')}), got "${raw.logRetentionDays}".`);
  }
  parseBoolean('notifyOnSuccess', raw.notifyOnSuccess);
  checkCheckSettings(raw);
  if (!SCHEDULE.test(String(raw.associationSchedule).trim())) {
    throw new StackParameterError(
      'associationSchedule',
      `must be a State Manager schedule of 30 minutes or more, such as rate(30 minutes), rate(1 hour) or cron(0 */2 * * ? *), got "${raw.associationSchedule}".`,
    );
  }
}

// EventBridge schedule expression: rate(N unit) or a six-field cron(...).
const EVENT_SCHEDULE = /^(rate\(1 (minute|hour|day)\)|rate\(([2-9]|[1-9][0-9]+) (minutes|hours|days)\)|cron\(\S+ \S+ \S+ \S+ \S+ \S+\))$/;
const REPO_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const PRINCIPAL_PATTERN = /^arn:[A-Za-z0-9_+=,.@:/*?-]+$/;

/** Checks the settings of the scheduled checks; limits match the check config of the function. */
function checkCheckSettings(raw) {
  if (!EVENT_SCHEDULE.test(String(raw.checkSchedule).trim())) {
    throw new StackParameterError('checkSchedule', `must be an EventBridge schedule such as cron(0 6 * * ? *) or rate(1 day), got "${raw.checkSchedule}".`);
  }
  let hubUrl;
  try {
    hubUrl = new URL(String(raw.hubBaseUrl));
  } catch {
    throw new StackParameterError('hubBaseUrl', `is "${raw.hubBaseUrl}", which is not a URL; use https://huggingface.co or a mirror's https URL.`);
  }
  if (hubUrl.protocol !== 'https:') {
    throw new StackParameterError('hubBaseUrl', `must use https, because the token travels in a header, got "${raw.hubBaseUrl}".`);
  }
  checkEach('hubGatedRepos', requireList('hubGatedRepos', raw.hubGatedRepos), REPO_ID, 'a Hub repository id (owner/name)');
  checkInteger('hubTimeoutMs', raw.hubTimeoutMs, 100, 60_000);
  parseBoolean('preflightEnabled', raw.preflightEnabled);
  parseBoolean('preflightBlockOnHubOutage', raw.preflightBlockOnHubOutage);
  checkInteger('stuckRolloutMinutes', raw.stuckRolloutMinutes, 5, 10_080);
  checkInteger('reminderIntervalHours', raw.reminderIntervalHours, 1, 720);
  checkEach('accessAllowedPrincipals', listParameter(raw.accessAllowedPrincipals ?? ''), PRINCIPAL_PATTERN, 'an ARN pattern such as arn:aws:iam::ACCOUNT:role/NAME');
}

/** Rejects a command timeout at which the SSM agent would kill a refresh before it can roll back. */
function checkCommandTimeout(raw, defaults) {
  const timeout = Number(String(raw).trim());
  const minimum = minimumCommandTimeoutSeconds(defaults);
  if (timeout < minimum) {
    throw new StackParameterError(
      'commandTimeoutSeconds',
      `is ${timeout}, below ${minimum}: the lock wait (300 s), 90 s for fetching, checking and reporting, and two recreates, each with stopTimeoutSeconds and healthTimeoutSeconds. At the timeout the SSM agent kills the script, so a failed refresh could not roll back. Raise it or lower those two timeouts.`,
    );
  }
}

/**
 * Builds the stack context from raw parameter values. Separate from the resolver so unit tests
 * can build contexts without the Serverless Framework.
 */
function buildStackContext(raw) {
  if (!STAGE.test(String(raw.stage))) {
    throw new Error(
      `Stage "${raw.stage}" is invalid: use 1 to 20 letters, digits or hyphens, because AWS limits the rule target and function names built from it to 64 characters. Pass another --stage.`,
    );
  }
  checkRolloutSettings(raw);
  const defaults = documentDefaults(raw, (parameter, problem) => new StackParameterError(parameter, problem));
  checkCommandTimeout(raw.commandTimeoutSeconds, defaults);
  const targetTagKey = String(raw.targetTagKey).trim();
  if (!TAG_KEY.test(targetTagKey)) throw new StackParameterError('targetTagKey', `is "${targetTagKey}", which is not a valid EC2 tag key.`);
  const alertEmails = checkEach('alertEmails', listParameter(raw.alertEmails ?? ''), EMAIL, 'an e-mail address');
  return {
    service: raw.service,
    stage: raw.stage,
    documentName: documentName(raw.service, raw.stage),
    statePath: statePath(raw.service, raw.stage),
    watchedParameters: checkEach('watchedParameters', requireList('watchedParameters', raw.watchedParameters), PARAMETER_NAME, 'a Parameter Store name'),
    targetTagKey,
    targetTagValues: checkEach('targetTagValues', requireList('targetTagValues', raw.targetTagValues), TAG_VALUE, 'a valid EC2 tag value'),
    tokenKmsKey: parseKmsKey(raw.tokenKmsKeyArn),
    alertEmails,
    alertLanguage: parseLanguage(raw.alertLanguage),
    incidentResponsePlanArn: parseResponsePlan(raw.incidentResponsePlanArn),
    opsCenterEnabled: parseBoolean('opsCenterEnabled', raw.opsCenterEnabled),
    preflightEnabled: parseBoolean('preflightEnabled', raw.preflightEnabled),
    accessCheckEnabled: listParameter(raw.accessAllowedPrincipals ?? '').length > 0,
    documentDefaults: defaults,
    functionName: (functionKey) => functionName(raw.service, raw.stage, functionKey),
  };
}

const RAW_PARAMETERS = [
  'watchedParameters',
  'targetTagKey',
  'targetTagValues',
  'tokenKmsKeyArn',
  'alertEmails',
  'alertLanguage',
  'incidentResponsePlanArn',
  'opsCenterEnabled',
  'canarySize',
  'maxConcurrency',
  'maxErrors',
  'deliveryTimeoutSeconds',
  'commandTimeoutSeconds',
  'fleetFailurePercent',
  'tokenMaxAgeDays',
  'tokenWarningDays',
  'logRetentionDays',
  'notifyOnSuccess',
  'associationSchedule',
  'checkSchedule',
  'hubBaseUrl',
  'hubGatedRepos',
  'hubTimeoutMs',
  'preflightEnabled',
  'preflightBlockOnHubOutage',
  'stuckRolloutMinutes',
  'reminderIntervalHours',
  'accessAllowedPrincipals',
  ...Object.keys(INSTANCE_SETTINGS),
];

/** Returns the known parameter name nearest to `name` (at most 3 edits away), or null. */
function nearestParameter(name) {
  let best = null;
  let bestDistance = 4;
  for (const known of RAW_PARAMETERS) {
    const distance = editDistance(name.toLowerCase(), known.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [known, distance];
  }
  return best;
}

/** Levenshtein distance: the fewest single-character edits that turn `a` into `b`. */
function editDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * Rejects stage parameter names that this service does not have, from `--param` and from the
 * current stage's `params:` section of serverless.yml. A misspelt name would otherwise leave the
 * default in place without a word.
 */
function checkParameterNames(names, where) {
  const known = new Set(RAW_PARAMETERS);
  for (const name of names) {
    if (known.has(name)) continue;
    const nearest = nearestParameter(name);
    throw new Error(
      `${where} sets "${name}", which is not a stage parameter of this service${nearest ? `; did you mean "${nearest}"?` : '.'} docs/deploy.md lists every parameter.`,
    );
  }
}

/**
 * Resolves the parameters through the Serverless Framework's variable resolver. `source` is the
 * argument the Framework passes to a `${file(...)}` function: the resolver, the CLI options and
 * the configuration.
 */
async function resolveStackContext(source) {
  const { resolveVariable, options, resolveConfigurationProperty } = source;
  const stage = await resolveVariable('sls:stage');
  // Without --param the Framework passes null. It keys each value by the text before the first
  // "=", spaces included, so the name is checked untrimmed.
  const cliParams = options?.param == null ? [] : [].concat(options.param);
  checkParameterNames(cliParams.map((item) => String(item).split('=')[0]), '--param');
  // Only this stage's section is read, because resolving another stage's values could need that
  // stage's environment or AWS, which the Framework itself leaves unresolved.
  const section = resolveConfigurationProperty ? await resolveConfigurationProperty(['params', stage]) : undefined;
  checkParameterNames(Object.keys(section ?? {}), `params.${stage} in serverless.yml`);
  const raw = {
    service: await resolveVariable('self:service'),
    stage,
  };
  for (const name of RAW_PARAMETERS) raw[name] = await resolveVariable(`param:${name}`);
  return buildStackContext(raw);
}

module.exports = { StackParameterError, buildStackContext, resolveStackContext };
