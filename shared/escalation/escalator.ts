/** A severe finding that needs a person now, beyond the SNS alert. */
export interface Escalation {
  /** Stable key of the rollout or finding; repeated escalations with the same key open one incident. */
  dedupKey: string;
  title: string;
  summary: string;
  /** 1 (critical) to 5, as Incident Manager counts impact. */
  impact: 1 | 2 | 3 | 4 | 5;
}

/** Port for escalation channels (Incident Manager, OpsCenter). */
export interface Escalator {
  escalate(escalation: Escalation): Promise<string[]>;
}
