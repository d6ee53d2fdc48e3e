import { documentName, statePath } from '../serverless/settings.cjs';
import { UsageError } from './errors.js';
import type { Messages } from './messages.js';

/** Name of the service as serverless.yml declares it; the document and state path derive from it. */
export const SERVICE_NAME = 'hf-token-rotation';

export const DEFAULTS = {
  region: 'eu-central-1',
  parameter: '/whisperx/hf_token',
  stage: 'prod',
  targetTag: 'HfTokenConsumer=whisperx',
} as const;

/** Settings of a CLI run: the token parameter, the stack's stage and the fleet's tag. */
export interface CliSettings {
  region: string;
  profile: string | undefined;
  /** AWS_ENDPOINT_URL when set, for messages; the SDK reads it itself. */
  endpoint: string | undefined;
  parameter: string;
  stage: string;
  /** SSM document of the stack, `hf-token-rotation-<stage>-RefreshToken`. */
  documentName: string;
  /** Parameter Store path of the stack's own state (claims), `/hf-token-rotation/<stage>`. */
  statePath: string;
  targetTagKey: string;
  targetTagValues: string[];
}

/** Global options as parsed from the command line; undefined means not given. */
export interface GlobalOptionValues {
  region?: string | undefined;
  profile?: string | undefined;
  parameter?: string | undefined;
  stage?: string | undefined;
  tag?: string | undefined;
}

// Same rules as the service's configuration and the document's allowedPattern.
const PARAMETER_NAME = /^\/?[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
// Serverless stage names end up in resource names: letters, digits and hyphens.
const STAGE_NAME = /^[A-Za-z0-9-]{1,32}$/;
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const TAG_KEY = /^[A-Za-z0-9 _.:/=+@-]{1,128}$/;
const TAG_VALUE = /^[A-Za-z0-9 _.:/=+@-]{0,256}$/;

/**
 * Resolves the settings from the options and the environment. The region comes from --region,
 * else AWS_REGION, else AWS_DEFAULT_REGION, else eu-central-1; the profile from --profile, else
 * AWS_PROFILE (which the SDK reads itself). Raises UsageError naming the invalid value.
 */
export function resolveSettings(options: GlobalOptionValues, env: Record<string, string | undefined>, m: Messages): CliSettings {
  const region = options.region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? DEFAULTS.region;
  if (!REGION_NAME.test(region)) throw new UsageError(m.errors.invalidRegion(region));

  const parameter = options.parameter ?? DEFAULTS.parameter;
  if (!PARAMETER_NAME.test(parameter)) throw new UsageError(m.errors.invalidParameterName(parameter));

  const stage = options.stage ?? DEFAULTS.stage;
  if (!STAGE_NAME.test(stage)) throw new UsageError(m.errors.invalidStage(stage));

  const { key, values } = parseTag(options.tag ?? DEFAULTS.targetTag, m);
  return {
    region,
    profile: options.profile ?? (env['AWS_PROFILE'] || undefined),
    endpoint: env['AWS_ENDPOINT_URL_SSM'] || env['AWS_ENDPOINT_URL'] || undefined,
    parameter,
    stage,
    documentName: documentName(SERVICE_NAME, stage),
    statePath: statePath(SERVICE_NAME, stage),
    targetTagKey: key,
    targetTagValues: values,
  };
}

/** Parses `KEY=VALUE[,VALUE...]`, the tag that selects the fleet. */
function parseTag(text: string, m: Messages): { key: string; values: string[] } {
  const equals = text.indexOf('=');
  const key = equals === -1 ? '' : text.slice(0, equals).trim();
  const values = equals === -1 ? [] : text.slice(equals + 1).split(',').map((value) => value.trim()).filter((value) => value !== '');
  if (!TAG_KEY.test(key) || values.length === 0 || !values.every((value) => TAG_VALUE.test(value))) {
    throw new UsageError(m.errors.invalidTag(text));
  }
  return { key, values };
}

/** Formats the fleet's tag as `KEY=VALUE[,VALUE]`. */
export function describeTag(settings: CliSettings): string {
  return `${settings.targetTagKey}=${settings.targetTagValues.join(',')}`;
}
