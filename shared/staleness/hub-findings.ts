import { VERSION_LABELS, versionWithLabel, type VersionInfo } from '../aws/version-labels.js';
import type { HubApi } from '../hub/hub-api.js';
import { checkTokenHealth, gatedReadDisabled } from '../hub/token-health.js';
import { fingerprint } from '../token/fingerprint.js';
import type { TokenValue, TokenValueReader } from '../aws/token-values.js';
import { outcome, type CheckOutcome } from './check-outcome.js';
import { finding, type Finding, type FindingKind } from './finding.js';

const DAY_MS = 86_400_000;

export interface HubCheckSettings {
  hubGatedRepos: string[];
  hubBaseUrl: string;
  tokenWarningDays: number;
}

/**
 * Asks the Hub about the current token: invalid (escalated), gated models it cannot read
 * (escalated), an expiry inside the warning window. An unreachable Hub is an info finding, and
 * the checks it left incomplete keep their previous state.
 */
export async function currentTokenFindings(
  parameter: string,
  token: TokenValue,
  hub: HubApi,
  settings: HubCheckSettings,
  now: Date,
): Promise<CheckOutcome> {
  const health = await checkTokenHealth(token.value, hub, settings.hubGatedRepos);
  const base = { version: token.version, fingerprint: health.fingerprint };
  const findings: Finding[] = [];
  const evaluated: FindingKind[] = [];

  const whoami = health.whoami;
  if (whoami.status === 'skipped') {
    findings.push(finding(parameter, 'whoami', 'info', { kind: 'hub_unreachable', reason: whoami.reason }));
  } else {
    evaluated.push('token_invalid', 'token_expiry');
  }
  if (whoami.status === 'invalid') {
    findings.push(finding(parameter, 'current', 'critical', { kind: 'token_invalid', ...base, httpStatus: whoami.httpStatus }, { escalate: true }));
  }
  if (whoami.status === 'valid' && whoami.expiresAt !== null) {
    const daysLeft = Math.floor((whoami.expiresAt.getTime() - now.getTime()) / DAY_MS);
    if (daysLeft <= settings.tokenWarningDays) {
      findings.push(
        finding(parameter, 'current', daysLeft <= 1 ? 'error' : 'warning', {
          kind: 'token_expiry',
          ...base,
          expiresAt: whoami.expiresAt.toISOString(),
          daysLeft,
        }),
      );
    }
  }

  for (const result of health.gated) {
    if (result.status === 'denied') {
      findings.push(
        finding(
          parameter,
          result.repo,
          'critical',
          {
            kind: 'gated_access_denied',
            ...base,
            repo: result.repo,
            repoUrl: `${settings.hubBaseUrl}/${result.repo}`,
            httpStatus: result.httpStatus,
            hubMessage: result.hubMessage,
            gatedReadDisabled: gatedReadDisabled(whoami),
          },
          { escalate: true },
        ),
      );
    } else if (result.status === 'not_found') {
      findings.push(finding(parameter, result.repo, 'error', { kind: 'gated_repo_not_found', ...base, repo: result.repo, hubMessage: result.hubMessage }));
    } else if (result.status === 'skipped') {
      findings.push(finding(parameter, result.repo, 'info', { kind: 'hub_unreachable', reason: `${result.repo}: ${result.reason}` }));
    }
  }
  const gatedComplete = health.gated.length === settings.hubGatedRepos.length && health.gated.every((result) => result.status !== 'skipped');
  if (gatedComplete) evaluated.push('gated_access_denied', 'gated_repo_not_found');

  return outcome(parameter, evaluated, findings);
}

/**
 * Reminds to revoke the token of the `previous` version while the Hub still accepts it. The
 * reminder ends once the Hub returns 401 for it; an unreachable Hub leaves the reminder state as it was.
 */
export async function previousTokenFindings(
  parameter: string,
  history: VersionInfo[],
  current: TokenValue,
  deps: { tokens: TokenValueReader; hub: HubApi },
): Promise<CheckOutcome> {
  const previousVersion = versionWithLabel(history, VERSION_LABELS.previous);
  if (previousVersion === null || previousVersion === current.version) return outcome(parameter, ['previous_token_active'], []);

  const previous = await deps.tokens.read(parameter, previousVersion);
  // The same value stored again under a new version is not an old token: revoking it would break the current one.
  if (previous.value === current.value) return outcome(parameter, ['previous_token_active'], []);

  const whoami = await deps.hub.whoami(previous.value);
  if (whoami.status === 'skipped') return outcome(parameter, [], []);
  if (whoami.status === 'invalid') return outcome(parameter, ['previous_token_active'], []);
  return outcome(parameter, ['previous_token_active'], [
    finding(parameter, String(previousVersion), 'warning', {
      kind: 'previous_token_active',
      version: previousVersion,
      fingerprint: fingerprint(previous.value),
    }),
  ]);
}
