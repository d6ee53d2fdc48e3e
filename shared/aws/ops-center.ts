import { CreateOpsItemCommand, OpsItemAlreadyExistsException, SSMClient } from '@aws-sdk/client-ssm';
import type { Escalation, Escalator } from '../escalation/escalator.js';
import { CLIENT_OPTIONS } from './clients.js';
import { callAws } from './errors.js';

/**
 * Creates OpsCenter OpsItems. With the `/aws/dedup` operational data OpsCenter creates no second
 * OpsItem for the same key; the duplicate's OpsItemAlreadyExistsException names the open one.
 */
export class OpsCenterEscalator implements Escalator {
  constructor(private readonly client: SSMClient = new SSMClient(CLIENT_OPTIONS)) {}

  async escalate(escalation: Escalation): Promise<string[]> {
    try {
      return await this.create(escalation);
    } catch (error) {
      const cause = error instanceof Error ? error.cause : undefined;
      if (cause instanceof OpsItemAlreadyExistsException) return cause.OpsItemId ? [cause.OpsItemId] : [];
      throw error;
    }
  }

  private async create(escalation: Escalation): Promise<string[]> {
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
