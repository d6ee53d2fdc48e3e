import type { StepLogger } from '../logging/logger.js';
import type { Escalation, Escalator } from './escalator.js';

/**
 * Sends an escalation to every configured channel. A channel that fails is logged and does not
 * stop the others, because the SNS alert has already gone out and the rollout state is saved.
 * With no channel configured it only logs that escalation was skipped.
 */
export class EscalationChannels implements Escalator {
  constructor(
    private readonly channels: Array<{ name: string; escalator: Escalator }>,
    private readonly logger: StepLogger,
  ) {}

  async escalate(escalation: Escalation): Promise<string[]> {
    if (this.channels.length === 0) {
      this.logger.info('escalation.skipped', { key: escalation.dedupKey, reason: 'no Incident Manager response plan or OpsCenter configured' });
      return [];
    }
    const references: string[] = [];
    for (const { name, escalator } of this.channels) {
      try {
        const created = await escalator.escalate(escalation);
        references.push(...created);
        this.logger.warn('escalation.sent', { key: escalation.dedupKey, channel: name, references: created });
      } catch (error) {
        this.logger.error('escalation.failed', { key: escalation.dedupKey, channel: name, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return references;
  }
}
