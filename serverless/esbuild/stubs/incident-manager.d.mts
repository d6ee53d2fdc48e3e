import type { Escalation } from '../../../shared/escalation/escalator.js';

export declare class IncidentManagerEscalator {
  constructor(responsePlanArn: string);
  escalate(escalation: Escalation): Promise<string[]>;
}
