/** Severity of a finding; `critical` findings are escalated as well as sent. */
export type Severity = 'info' | 'warning' | 'error' | 'critical';

/** Order of severities: a finding is sent again when its rank rises. */
export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2, critical: 3 };

/** An instance in a coverage finding. */
export interface InstanceVersion {
  instanceId: string;
  /** Token version from the instance's inventory item, or null when it reported none. */
  version: string | null;
  /** Result status from the inventory item (`applied`, `rolled_back`, ...), or null. */
  status: string | null;
}

/** Result of a check, by kind; the catalog turns each kind into text. */
export type FindingDetail =
  | { kind: 'token_age'; version: number; lastModified: string; ageDays: number; maxAgeDays: number; daysLeft: number }
  | { kind: 'token_expiry'; version: number; fingerprint: string; expiresAt: string; daysLeft: number }
  | {
      kind: 'rollout_drift';
      /** `no_desired`: no version carries the label; `desired_not_latest`: a newer version exists; `not_deployed`: desired is not confirmed. */
      reason: 'no_desired' | 'desired_not_latest' | 'not_deployed';
      latest: number;
      desired: number | null;
      deployed: number | null;
    }
  | { kind: 'rollout_stuck'; version: number; claimedAt: string; minutes: number; redriven: boolean; error: string | null }
  | { kind: 'instances_not_current'; desiredVersion: number; instances: InstanceVersion[] }
  | { kind: 'instances_offline'; instances: Array<{ instanceId: string; pingStatus: string }> }
  | { kind: 'previous_token_active'; version: number; fingerprint: string }
  | { kind: 'token_invalid'; version: number; fingerprint: string; httpStatus: number }
  | {
      kind: 'gated_access_denied';
      version: number;
      fingerprint: string;
      repo: string;
      repoUrl: string;
      httpStatus: number;
      hubMessage: string | null;
      /** The token is fine-grained and "read access to contents of all public gated repos" is off. */
      gatedReadDisabled: boolean;
    }
  | { kind: 'gated_repo_not_found'; version: number; fingerprint: string; repo: string; hubMessage: string | null }
  | { kind: 'hub_unreachable'; reason: string }
  | { kind: 'alert_topic_unconfirmed'; topicArn: string; pending: number; total: number }
  | {
      kind: 'parameter_read_by_unknown_principal';
      eventId: string;
      eventName: string;
      principal: string;
      sourceIp: string;
      time: string;
      /** Set when AWS denied the call: the read was attempted but failed. */
      errorCode: string | null;
      userAgent: string | null;
    }
  | { kind: 'check_failed'; check: string; error: string };

export type FindingKind = FindingDetail['kind'];

/** One result of a check run. `kind + parameter + key` identifies it across runs. */
export interface Finding {
  /** The watched parameter, or the topic ARN for the alert topic check. */
  parameter: string;
  /** Tells findings of one kind and parameter apart, such as the repository or the event id. */
  key: string;
  severity: Severity;
  /** Also hand the finding to the escalation port (Incident Manager or OpsCenter). */
  escalate: boolean;
  /** Sent once and never kept in the state, because it cannot recur (a CloudTrail event). */
  oneShot: boolean;
  detail: FindingDetail;
}

/** Builds a finding; `escalate` and `oneShot` default to false. */
export function finding(
  parameter: string,
  key: string,
  severity: Severity,
  detail: FindingDetail,
  options: { escalate?: boolean; oneShot?: boolean } = {},
): Finding {
  return { parameter, key, severity, detail, escalate: options.escalate ?? false, oneShot: options.oneShot ?? false };
}

/** Returns the identity of a finding across runs: `kind|parameter|key`. */
export function findingId(item: Pick<Finding, 'parameter' | 'key' | 'detail'>): string {
  return `${item.detail.kind}|${item.parameter}|${item.key}`;
}

/** Returns the scope a check covered in one run: findings of this kind and parameter that were not found again are resolved. */
export function scopeId(kind: FindingKind, parameter: string): string {
  return `${kind}|${parameter}`;
}
