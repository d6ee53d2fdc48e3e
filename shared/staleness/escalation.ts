import type { AlertLanguage } from '../config/config.js';
import type { Escalation, Escalator as EscalationChannel } from '../escalation/escalator.js';
import type { StepLogger } from '../logging/logger.js';
import { CHECK_CATALOGS } from './catalog.js';
import { findingText } from './check-alert.js';
import { findingId, type Finding, type Severity } from './finding.js';

/** Port for escalating a finding beyond SNS (Incident Manager or OpsCenter). */
export interface Escalator {
  escalate(finding: Finding): Promise<void>;
}

/** Default when no escalation channel is wired: records in the log that an escalation was due. */
export class LoggingEscalator implements Escalator {
  constructor(private readonly logger: StepLogger) {}

  async escalate(finding: Finding): Promise<void> {
    this.logger.warn('escalation.not_configured', { kind: finding.detail.kind, parameter: finding.parameter, key: finding.key, severity: finding.severity });
  }
}

/** Incident Manager impact (1 critical .. 5) per severity. */
const IMPACT: Record<Severity, Escalation['impact']> = { critical: 1, error: 3, warning: 4, info: 5 };
/** Incident Manager accepts titles of at most 200 characters. */
const MAX_TITLE = 200;

/**
 * Hands findings to the escalation channels (Incident Manager, OpsCenter). The key is the
 * finding id, so the same finding escalated on later runs lands in the same incident.
 */
export class FindingEscalator implements Escalator {
  constructor(
    private readonly channel: EscalationChannel,
    private readonly language: AlertLanguage,
    private readonly stackName: string,
  ) {}

  async escalate(finding: Finding): Promise<void> {
    await this.channel.escalate(escalationOf(finding, this.language, this.stackName));
  }
}

/** Builds the escalation of a finding: title, what was found and what to do, in the alert language. */
export function escalationOf(finding: Finding, language: AlertLanguage, stackName: string): Escalation {
  const text = findingText(finding, CHECK_CATALOGS[language]);
  return {
    dedupKey: `check:${findingId(finding)}`,
    title: `[${stackName}] ${text.title}`.slice(0, MAX_TITLE),
    summary: [text.body, ...(text.lines ?? []), text.advice].join('\n'),
    impact: IMPACT[finding.severity],
  };
}
