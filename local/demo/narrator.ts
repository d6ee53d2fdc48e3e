import { parseResultLine } from '../../shared/rollout/result-line.js';
import type { Delivery } from '../eventbridge.js';
import type { BusEvent } from '../types.js';

const TERMINAL = new Set(['Success', 'Failed', 'TimedOut', 'Cancelled', 'Undeliverable', 'Terminated', 'Delivery Timed Out', 'Execution Timed Out']);

/** Writes what happens in the local stack as an operator would want to read it, one line a step. */
export class Narrator {
  private readonly started = Date.now();

  constructor(
    /** Parameter Store path of the service's own state; changes there are shown as state steps. */
    private readonly statePath: string,
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

  line(text = ''): void {
    this.write(text);
  }

  heading(text: string): void {
    this.write('');
    this.write(text);
  }

  /** Writes one line per event the local AWS endpoint emits. */
  event(event: BusEvent, describeInvocation: (commandId: string, instanceId: string) => string | undefined): void {
    const detail = event.detail;
    switch (event['detail-type']) {
      case 'Parameter Store Change':
        if (String(detail.name).startsWith(this.statePath)) {
          this.step('state', `rollout claim ${String(detail.name).slice(this.statePath.length + 1)}: ${String(detail.operation)}`);
        } else {
          this.step('event', `Parameter Store Change: ${String(detail.operation)} ${String(detail.name)}`);
        }
        break;
      case 'EC2 Command Invocation Status-change Notification': {
        if (!TERMINAL.has(String(detail.status))) return;
        const described = describeInvocation(String(detail['command-id']), String(detail['instance-id']));
        this.step('instance', `${String(detail['instance-id'])}  ${described ?? String(detail.status)}`);
        break;
      }
      case 'EC2 Command Status-change Notification':
        if (!TERMINAL.has(String(detail.status))) return;
        this.step('event', `Command Status-change: ${String(detail['command-id'])} ${String(detail.status)}`);
        break;
      default:
        this.step('event', event['detail-type']);
    }
  }

  /** Writes one line per Lambda invocation the EventBridge stand-in made. */
  delivery(delivery: Delivery): void {
    if (delivery.outcome !== 'succeeded') {
      this.step('lambda', `${delivery.rule} attempt ${delivery.attempt} ${delivery.outcome}: ${delivery.error ?? ''}`);
      return;
    }
    this.step('lambda', `${delivery.rule}: ${describeResult(delivery.result)}`);
  }

  private step(kind: string, text: string): void {
    const elapsed = ((Date.now() - this.started) / 1000).toFixed(2).padStart(6);
    this.write(`  ${elapsed}s  ${kind.padEnd(8)}  ${text}`);
  }
}

/** Short description of an instance's script result, from its stdout. */
export function describeScriptOutput(stdout: string): string | undefined {
  const result = parseResultLine(stdout);
  if (!result) return undefined;
  const versions = result.previousVersion && result.previousVersion !== result.version ? `v${result.previousVersion} -> v${result.version}` : `v${result.version ?? '?'}`;
  const failure = result.step ? `  step ${result.step}: ${result.message ?? ''}` : '';
  return `${result.status.padEnd(11)} ${versions}  ${result.fingerprint ?? ''}${failure}`;
}

function describeResult(result: unknown): string {
  if (typeof result !== 'object' || result === null) return String(result);
  const record = result as Record<string, any>;
  switch (record.action) {
    case 'canary_started':
      return `version ${record.version} claimed, labeled desired; canary wave on ${record.instanceIds.join(', ')} (command ${record.commandId})`;
    case 'fleet_started':
      return `version ${record.version} claimed, labeled desired; fleet wave by tag (command ${record.commandId})`;
    case 'summarized': {
      const counts = Object.entries(record.summary?.counts ?? {})
        .filter(([, count]) => Number(count) > 0)
        .map(([kind, count]) => `${String(count)} ${kind.replace('_', ' ')}`)
        .join(', ');
      return `results read (${counts || 'no instance'}); ${describeAdvance(record.advance)}`;
    }
    default:
      return `${String(record.action)}${record.reason ? `: ${String(record.reason)}` : ''}`;
  }
}

function describeAdvance(advance: Record<string, any> | undefined): string {
  switch (`${advance?.phase}/${advance?.next}`) {
    case 'canary/fleet_started':
      return `canary healthy, fleet wave started (command ${String(advance?.commandId)})`;
    case 'canary/stopped':
      return 'canary failed, rollout stopped, alert published';
    case 'fleet/completed':
      return 'rollout completed, version labeled deployed';
    case 'fleet/failed':
      return 'rollout not complete, alert published';
    default:
      return `${String(advance?.phase)} ${String(advance?.next)}`;
  }
}
