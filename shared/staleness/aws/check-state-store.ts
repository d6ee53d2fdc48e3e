import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { CLIENT_OPTIONS } from '../../aws/clients.js';
import { AwsOperationError, callAws } from '../../aws/errors.js';
import type { StepLogger } from '../../logging/logger.js';
import { SEVERITY_RANK, type Severity } from '../finding.js';
import { emptyCheckState, type CheckState, type CheckStateStore } from '../check-state.js';

/** A standard-tier String parameter takes at most 4 KB. The state stays in that tier, which costs nothing. */
export const MAX_STATE_CHARS = 4_096;

/**
 * Keeps the check state as JSON in the String parameter `<statePath>/check-state`. When the
 * state would not fit, the entries sent longest ago are dropped (they are sent again if found).
 */
export class SsmCheckStateStore implements CheckStateStore {
  readonly name: string;

  constructor(
    statePath: string,
    private readonly logger: StepLogger,
    private readonly client: SSMClient = new SSMClient(CLIENT_OPTIONS),
  ) {
    this.name = `${statePath}/check-state`;
  }

  async load(): Promise<CheckState> {
    let value: string | undefined;
    try {
      const output = await this.client.send(new GetParameterCommand({ Name: this.name }));
      value = output.Parameter?.Value;
    } catch (error) {
      if (error instanceof Error && error.name === 'ParameterNotFound') return emptyCheckState();
      throw new AwsOperationError('GetParameter', this.name, error);
    }
    const state = parseState(value);
    if (state === null) {
      this.logger.warn('check_state.unreadable', { parameter: this.name });
      return emptyCheckState();
    }
    return state;
  }

  async save(state: CheckState): Promise<void> {
    const value = this.fit(state);
    await callAws('PutParameter', this.name, () =>
      this.client.send(
        new PutParameterCommand({
          Name: this.name,
          Value: value,
          Type: 'String',
          Overwrite: true,
          Description: 'hf-token-rotation: findings already sent and the last CloudTrail look-up',
        }),
      ),
    );
  }

  private fit(state: CheckState): string {
    const entries = Object.entries(state.sent).sort(([, a], [, b]) => b.sentAt.localeCompare(a.sentAt));
    let kept = entries.length;
    let value = serialize(state, entries);
    while (value.length > MAX_STATE_CHARS && kept > 0) {
      kept -= 1;
      value = serialize(state, entries.slice(0, kept));
    }
    if (kept < entries.length) {
      this.logger.warn('check_state.trimmed', { parameter: this.name, dropped: entries.length - kept, kept });
    }
    return value;
  }
}

function serialize(state: CheckState, entries: Array<[string, CheckState['sent'][string]]>): string {
  return JSON.stringify({ sent: Object.fromEntries(entries), accessCheckedUntil: state.accessCheckedUntil });
}

/** Parses a stored state; returns null for anything that is not one. */
export function parseState(value: string | undefined): CheckState | null {
  if (!value) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const record = parsed as { sent?: unknown; accessCheckedUntil?: unknown };
  const sent: CheckState['sent'] = {};
  if (typeof record.sent === 'object' && record.sent !== null) {
    for (const [id, entry] of Object.entries(record.sent as Record<string, unknown>)) {
      const candidate = entry as { severity?: unknown; sentAt?: unknown } | null;
      if (typeof candidate?.sentAt === 'string' && typeof candidate.severity === 'string' && candidate.severity in SEVERITY_RANK) {
        sent[id] = { severity: candidate.severity as Severity, sentAt: candidate.sentAt };
      }
    }
  }
  const accessCheckedUntil = typeof record.accessCheckedUntil === 'string' ? record.accessCheckedUntil : null;
  return { sent, accessCheckedUntil };
}
