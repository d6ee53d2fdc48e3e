import { ConfigError } from './errors.js';
import { booleanFlag, integerInRange, optionalString, requiredString, stringList, type Environment } from './read-env.js';

/** Settings of the scheduled checks and the pre-flight check, read once per cold start. */
export interface CheckConfig {
  /** Days after which a token version counts as too old. @default 90 */
  tokenMaxAgeDays: number;
  /** Days before the maximum age in which the check warns. @default 14 */
  tokenWarningDays: number;
  /** Incident Manager response plan for escalations; null turns Incident Manager off. */
  incidentResponsePlanArn: string | null;
  /** Escalate as OpsCenter OpsItems as well. @default false */
  opsCenterEnabled: boolean;
  /** Parameter Store path of the service's own state, such as `/hf-token-rotation/prod`. */
  statePath: string;
  /** Base URL of the Hugging Face Hub, without a trailing slash. @default 'https://huggingface.co' */
  hubBaseUrl: string;
  /** Gated repositories the token must be able to read. @default the two pyannote models WhisperX uses */
  hubGatedRepos: string[];
  /** Milliseconds one Hub request may take before it counts as an outage. @default 5000 */
  hubTimeoutMs: number;
  /** Check a new token on the Hub before it is rolled out. @default true */
  preflightEnabled: boolean;
  /** Block a rollout when the Hub cannot be reached for the pre-flight check. @default false */
  preflightBlockOnHubOutage: boolean;
  /** Minutes after which a claim still in state `claimed` is re-driven. @default 30 */
  stuckRolloutMinutes: number;
  /** Hours after which an unchanged finding is sent again. @default 24 */
  reminderIntervalHours: number;
  /** ARN patterns (`*` and `?` wildcards) of principals allowed to read the token; empty turns the access check off. */
  accessAllowedPrincipals: string[];
}

const DEFAULT_GATED_REPOS = ['pyannote/speaker-diarization-3.1', 'pyannote/segmentation-3.0'];
/** A Hub repository id: `owner/name` with the characters the Hub allows. */
const REPO_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const STATE_PATH = /^\/[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
const RESPONSE_PLAN_ARN = /^arn:aws[a-z-]*:ssm-incidents::\d{12}:response-plan\/[A-Za-z0-9_-]+$/;
/** An ARN pattern: `arn:` followed by ARN characters and the wildcards `*` and `?`. */
const PRINCIPAL_PATTERN = /^arn:[A-Za-z0-9_+=,.@:/*?-]+$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Reads and validates the check settings. Throws ConfigError naming the variable and the
 * allowed values, so a bad setting fails the cold start instead of a check run.
 */
export function loadCheckConfig(env: Environment = process.env): CheckConfig {
  const tokenMaxAgeDays = integerInRange(env, 'TOKEN_MAX_AGE_DAYS', 1, 3650, 90);
  const tokenWarningDays = integerInRange(env, 'TOKEN_WARNING_DAYS', 0, 3650, 14);
  if (tokenWarningDays >= tokenMaxAgeDays) {
    throw new ConfigError(
      'TOKEN_WARNING_DAYS',
      `must be smaller than TOKEN_MAX_AGE_DAYS (${tokenMaxAgeDays}), got ${tokenWarningDays}; the warning window lies before the maximum age.`,
    );
  }
  return {
    tokenMaxAgeDays,
    tokenWarningDays,
    incidentResponsePlanArn: responsePlanArn(env),
    opsCenterEnabled: booleanFlag(env, 'OPS_CENTER_ENABLED', false),
    statePath: statePath(env),
    hubBaseUrl: hubBaseUrl(env),
    hubGatedRepos: gatedRepos(env),
    hubTimeoutMs: integerInRange(env, 'HUB_TIMEOUT_MS', 100, 60_000, 5_000),
    preflightEnabled: booleanFlag(env, 'PREFLIGHT_ENABLED', true),
    preflightBlockOnHubOutage: booleanFlag(env, 'PREFLIGHT_BLOCK_ON_HUB_OUTAGE', false),
    stuckRolloutMinutes: integerInRange(env, 'STUCK_ROLLOUT_MINUTES', 5, 10_080, 30),
    reminderIntervalHours: integerInRange(env, 'REMINDER_INTERVAL_HOURS', 1, 720, 24),
    accessAllowedPrincipals: allowedPrincipals(env),
  };
}

function responsePlanArn(env: Environment): string | null {
  const value = optionalString(env, 'INCIDENT_RESPONSE_PLAN_ARN', '');
  if (value === '') return null;
  if (!RESPONSE_PLAN_ARN.test(value)) {
    throw new ConfigError(
      'INCIDENT_RESPONSE_PLAN_ARN',
      `"${value}" is not a response plan ARN (arn:aws:ssm-incidents::ACCOUNT:response-plan/NAME); leave it empty to turn Incident Manager off.`,
    );
  }
  return value;
}

function statePath(env: Environment): string {
  const value = requiredString(env, 'STATE_PARAMETER_PATH').replace(/\/+$/, '');
  if (!STATE_PATH.test(value)) {
    throw new ConfigError('STATE_PARAMETER_PATH', `"${value}" is not a Parameter Store path (it starts with / and has letters, digits, _ . - between slashes).`);
  }
  return value;
}

/** Accepts https URLs, and plain http only on the loopback interface (the local Hub server). */
function hubBaseUrl(env: Environment): string {
  const value = optionalString(env, 'HUB_BASE_URL', 'https://huggingface.co');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('HUB_BASE_URL', `"${value}" is not a URL; use https://huggingface.co or a mirror's https URL.`);
  }
  const plainLocal = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !plainLocal) {
    throw new ConfigError('HUB_BASE_URL', `"${value}" must use https (plain http only for 127.0.0.1 or localhost), because the token travels in a header.`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new ConfigError('HUB_BASE_URL', `"${value}" must not contain a query, fragment or credentials.`);
  }
  return value.replace(/\/+$/, '');
}

function gatedRepos(env: Environment): string[] {
  const repos = stringList(env, 'HUB_GATED_REPOS', DEFAULT_GATED_REPOS);
  for (const repo of repos) {
    if (!REPO_ID.test(repo)) {
      throw new ConfigError('HUB_GATED_REPOS', `"${repo}" is not a Hub repository id; write owner/name, for example pyannote/segmentation-3.0.`);
    }
  }
  return repos;
}

function allowedPrincipals(env: Environment): string[] {
  const patterns = stringList(env, 'ACCESS_ALLOWED_PRINCIPALS', []);
  for (const pattern of patterns) {
    if (!PRINCIPAL_PATTERN.test(pattern)) {
      throw new ConfigError(
        'ACCESS_ALLOWED_PRINCIPALS',
        `"${pattern}" is not an ARN pattern; write arn:aws:iam::ACCOUNT:role/NAME or arn:aws:sts::ACCOUNT:assumed-role/NAME/*.`,
      );
    }
  }
  return patterns;
}
