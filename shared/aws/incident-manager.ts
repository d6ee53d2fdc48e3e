import { SSMIncidentsClient, StartIncidentCommand } from '@aws-sdk/client-ssm-incidents';
import { createHash } from 'node:crypto';
import type { Escalation, Escalator } from '../escalation/escalator.js';
import { CLIENT_OPTIONS } from './clients.js';
import { callAws } from './errors.js';

/** Source shown in the incident; Incident Manager rejects sources that start with `aws.`. */
const TRIGGER_SOURCE = 'hf-token-rotation';

/**
 * Starts Incident Manager incidents. The client token is derived from the escalation's key, so
 * Lambda retries and duplicate events open one incident per rollout.
 */
export class IncidentManagerEscalator implements Escalator {
  constructor(
    private readonly responsePlanArn: string,
    private readonly client: SSMIncidentsClient = new SSMIncidentsClient(CLIENT_OPTIONS),
  ) {}

  async escalate(escalation: Escalation): Promise<string[]> {
    const output = await callAws('StartIncident', this.responsePlanArn, () =>
      this.client.send(
        new StartIncidentCommand({
          responsePlanArn: this.responsePlanArn,
          clientToken: createHash('sha256').update(escalation.dedupKey).digest('hex').slice(0, 64),
          title: escalation.title.slice(0, 200),
          impact: escalation.impact,
          triggerDetails: {
            source: TRIGGER_SOURCE,
            timestamp: new Date(),
            rawData: JSON.stringify({ key: escalation.dedupKey, summary: escalation.summary }).slice(0, 10_000),
          },
        }),
      ),
    );
    return output.incidentRecordArn ? [output.incidentRecordArn] : [];
  }
}
