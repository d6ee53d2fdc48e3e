import { normalizeName, type ParameterReadEvent } from './parameter-reads.js';
import { finding, type Finding } from './finding.js';

/**
 * Minutes the look-up window ends before now, so that events delivered late still fall into a
 * later window. The CloudTrail user guide gives about 5 minutes as the average delivery delay of
 * log files and guarantees no bound.
 * NOTE: 15 minutes is an estimate; AWS documents no delay for event history itself.
 */
export const ACCESS_SETTLE_MINUTES = 15;
/** Hours the first look-up reaches back, when no earlier window is stored. */
export const FIRST_LOOKUP_HOURS = 24;
/** Event history keeps 90 days; a window never starts earlier than this. */
export const MAX_LOOKBACK_DAYS = 89;

/**
 * Returns the CloudTrail window to look up, or null when it would be empty. LookupEvents includes
 * both ends and CloudTrail records whole seconds, so the window ends on a whole second and the
 * next one starts one second later: no event is reported twice and none falls between windows.
 */
export function accessWindow(checkedUntil: string | null, now: Date): { start: Date; end: Date } | null {
  const end = new Date(Math.floor((now.getTime() - ACCESS_SETTLE_MINUTES * 60_000) / 1000) * 1000);
  const earliest = now.getTime() - MAX_LOOKBACK_DAYS * 86_400_000;
  const stored = checkedUntil === null ? NaN : Date.parse(checkedUntil);
  const startMs = Number.isFinite(stored) ? stored + 1000 : now.getTime() - FIRST_LOOKUP_HOURS * 3_600_000;
  const start = new Date(Math.max(startMs, earliest));
  return start < end ? { start, end } : null;
}

/**
 * Turns reads of a watched parameter by a principal outside the allow-list into one-shot
 * findings. With an empty allow-list the check is off and finds nothing.
 */
export function accessFindings(events: ParameterReadEvent[], watchedParameters: string[], allowedPatterns: string[]): Finding[] {
  if (allowedPatterns.length === 0) return [];
  const patterns = allowedPatterns.map(patternToRegExp);
  const findings: Finding[] = [];
  for (const event of events) {
    if (principalAllowed(event, patterns)) continue;
    for (const parameter of watchedParameters) {
      if (!readsParameter(event, parameter)) continue;
      findings.push(
        finding(
          parameter,
          event.eventId,
          'error',
          {
            kind: 'parameter_read_by_unknown_principal',
            eventId: event.eventId,
            eventName: event.eventName,
            principal: event.principalArn ?? event.invokedBy ?? 'unknown principal',
            sourceIp: event.sourceIp,
            time: event.eventTime.toISOString(),
            errorCode: event.errorCode,
            userAgent: event.userAgent,
          },
          { oneShot: true },
        ),
      );
    }
  }
  return findings;
}

/** Checks whether the principal ARN, the role behind a session, or the invoking service matches a pattern. */
export function principalAllowed(event: ParameterReadEvent, patterns: RegExp[]): boolean {
  const candidates = [event.principalArn, event.sessionIssuerArn, event.invokedBy].filter((value): value is string => value !== null);
  return candidates.some((candidate) => patterns.some((pattern) => pattern.test(candidate)));
}

/** Converts an ARN pattern with IAM-style wildcards (`*` any run of characters, `?` one character) into an anchored expression. */
export function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

function readsParameter(event: ParameterReadEvent, parameter: string): boolean {
  const name = normalizeName(parameter);
  if (event.parameterNames.includes(name)) return true;
  return event.paths.some(({ path, recursive }) => {
    if (path === '') return recursive || !name.includes('/');
    if (!name.startsWith(`${path}/`)) return false;
    return recursive || !name.slice(path.length + 1).includes('/');
  });
}
