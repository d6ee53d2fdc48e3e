// Parameter reads as the access check uses them. The CloudTrail adapter in aws/ looks them up.
// This module has no SDK import, so a bundle without the access check can leave that adapter out.

/** A Parameter Store read as CloudTrail recorded it, reduced to what the access check needs. */
export interface ParameterReadEvent {
  eventId: string;
  eventName: string;
  eventTime: Date;
  /** `userIdentity.arn`: for a role session `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`. */
  principalArn: string | null;
  /** The role behind a role session: `arn:aws:iam::ACCOUNT:role/ROLE`. */
  sessionIssuerArn: string | null;
  /** The AWS service that made the call on someone's behalf, such as `ssm.amazonaws.com`. */
  invokedBy: string | null;
  sourceIp: string;
  userAgent: string | null;
  /** Set when AWS denied the call. */
  errorCode: string | null;
  /** Parameter names the call touched, without version or label selectors and without a leading slash. */
  parameterNames: string[];
  /** Paths read by GetParametersByPath, without a leading slash, and whether the read was recursive. */
  paths: Array<{ path: string; recursive: boolean }>;
}

/** Port for looking up reads of parameters. */
export interface ParameterReadEvents {
  /** Every read event in `[start, end]`. */
  lookup(start: Date, end: Date): Promise<ParameterReadEvent[]>;
}

/**
 * Reduces a name, a `name:version` / `name:label` selector or a parameter ARN to the bare name
 * without a leading slash, so `/whisperx/hf_token:3` and the ARN of that parameter compare equal.
 */
export function normalizeName(value: string): string {
  const arn = /^arn:aws[a-z-]*:ssm:[^:]*:[^:]*:parameter\/(.*)$/.exec(value);
  const name = arn ? arn[1] ?? '' : value;
  return stripSlashes(name.split(':')[0] ?? '');
}

/** Removes leading and trailing slashes. */
export function stripSlashes(value: string): string {
  return value.replace(/^\/+/, '').replace(/\/+$/, '');
}
