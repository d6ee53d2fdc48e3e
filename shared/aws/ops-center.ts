import { CreateOpsItemCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Escalation, Escalator } from '../escalation/escalator.js';
import { CLIENT_OPTIONS } from './clients.js';
import { callAws } from './errors.js';

/**
 * Creates OpsCenter OpsItems. The `/aws/dedup` operational data makes OpsCenter return the open
 * OpsItem for the same key instead of creating another one.
 */
export class OpsCenterEscalator implements Escalator {
  constructor(private readonly client: SSMClient = new SSMClient(CLIENT_OPTIONS)) {}

  async escalate(escalation: Escalation): Promise<string[]> {
    const output = await callAws('CreateOpsItem', escalation.dedupKey, () =>
      this.client.send(
        new CreateOpsItemCommand({
          Title: escalation.title.slice(0, 1024),
          Description: escalation.summary.slice(0, 2048),
          Source: 'hf-token-rotation',
          Priority: escalation.impact,
          Severity: String(Math.min(escalation.impact, 4)),
          Category: 'Availability',
          OperationalData: {
            '/aws/dedup': { Type: 'SearchableString', Value: JSON.stringify({ dedupString: escalation.dedupKey }) },
          },
        }),
      ),
    );
    return output.OpsItemId ? [output.OpsItemId] : [];
  }
}
