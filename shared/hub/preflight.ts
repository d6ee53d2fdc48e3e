import type { AlertLanguage } from '../config/config.js';
import type { StepLogger } from '../logging/logger.js';
import { CHECK_CATALOGS } from '../staleness/catalog.js';
import { fingerprint } from '../token/fingerprint.js';
import type { HubApi } from './hub-api.js';
import { checkTokenHealth, gatedReadDisabled } from './token-health.js';

/** One reason a pre-flight check blocked or could not decide. */
export type PreflightIssue =
  | { code: 'token_malformed'; problem: 'empty' | 'whitespace' }
  | { code: 'token_invalid'; httpStatus: number }
  | { code: 'gated_denied'; repo: string; repoUrl: string; httpStatus: number; gatedReadDisabled: boolean }
  | { code: 'gated_not_found'; repo: string }
  | { code: 'hub_unreachable'; reason: string };

/** An issue with its text in the configured alert language. */
export type PreflightFinding = PreflightIssue & { message: string };

/** `pass`: safe to roll out; `block`: do not roll out; `skipped`: not checked (turned off, or the Hub was unreachable). */
export type PreflightVerdict = 'pass' | 'block' | 'skipped';

export interface PreflightResult {
  verdict: PreflightVerdict;
  /** Fingerprint of the checked token, for logs and alerts. */
  fingerprint: string;
  findings: PreflightFinding[];
}

export interface PreflightDeps {
  hub: HubApi;
  config: {
    preflightEnabled: boolean;
    preflightBlockOnHubOutage: boolean;
    hubGatedRepos: string[];
    hubBaseUrl: string;
  };
  language: AlertLanguage;
  logger: StepLogger;
}

/**
 * Checks a token on the Hub before it is rolled out. A token the Hub rejects, or one that cannot
 * read a gated repository, blocks. An unreachable Hub gives `skipped`, or `block` when
 * PREFLIGHT_BLOCK_ON_HUB_OUTAGE is set. The token itself appears in no finding and no log line.
 */
export async function preflightCheck(token: string, deps: PreflightDeps): Promise<PreflightResult> {
  const tokenFingerprint = fingerprint(token);
  if (!deps.config.preflightEnabled) {
    deps.logger.info('preflight.disabled', { fingerprint: tokenFingerprint });
    return { verdict: 'skipped', fingerprint: tokenFingerprint, findings: [] };
  }

  const issues = formatIssues(token) ?? (await hubIssues(token, deps));
  const text = CHECK_CATALOGS[deps.language];
  const findings = issues.map((issue) => ({ ...issue, message: text.preflight(issue) }));
  const verdict = decide(issues, deps.config.preflightBlockOnHubOutage);
  const log = verdict === 'pass' ? deps.logger.info : deps.logger.warn;
  log.call(deps.logger, 'preflight.finished', { fingerprint: tokenFingerprint, verdict, issues: issues.map((issue) => issue.code) });
  return { verdict, fingerprint: tokenFingerprint, findings };
}

/** Catches values the Hub would reject anyway, such as a token pasted with a line break. */
function formatIssues(token: string): PreflightIssue[] | null {
  if (token.length === 0) return [{ code: 'token_malformed', problem: 'empty' }];
  if (/\s/.test(token)) return [{ code: 'token_malformed', problem: 'whitespace' }];
  return null;
}

async function hubIssues(token: string, deps: PreflightDeps): Promise<PreflightIssue[]> {
  const health = await checkTokenHealth(token, deps.hub, deps.config.hubGatedRepos);
  const issues: PreflightIssue[] = [];
  if (health.whoami.status === 'invalid') issues.push({ code: 'token_invalid', httpStatus: health.whoami.httpStatus });
  if (health.whoami.status === 'skipped') issues.push({ code: 'hub_unreachable', reason: health.whoami.reason });
  for (const result of health.gated) {
    if (result.status === 'denied') {
      issues.push({
        code: 'gated_denied',
        repo: result.repo,
        repoUrl: `${deps.config.hubBaseUrl}/${result.repo}`,
        httpStatus: result.httpStatus,
        gatedReadDisabled: gatedReadDisabled(health.whoami),
      });
    } else if (result.status === 'not_found') {
      issues.push({ code: 'gated_not_found', repo: result.repo });
    } else if (result.status === 'skipped' && health.whoami.status !== 'skipped') {
      // One outage issue per check is enough when whoami already reported it.
      issues.push({ code: 'hub_unreachable', reason: `${result.repo}: ${result.reason}` });
    }
  }
  return issues;
}

function decide(issues: PreflightIssue[], blockOnHubOutage: boolean): PreflightVerdict {
  if (issues.some((issue) => issue.code !== 'hub_unreachable')) return 'block';
  if (issues.length > 0) return blockOnHubOutage ? 'block' : 'skipped';
  return 'pass';
}
