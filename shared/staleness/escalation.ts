import type { StepLogger } from '../logging/logger.js';
import type { Finding } from './finding.js';

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
