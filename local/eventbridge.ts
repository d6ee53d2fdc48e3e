import { commandStatusPattern, parameterChangePattern } from '../shared/config/event-patterns.cjs';
import { matchesPattern } from '../shared/events/pattern-match.js';
import { documentName } from '../serverless/settings.cjs';
import type { BusEvent } from './types.js';

/** One EventBridge rule with its Lambda target. */
export interface LocalRule {
  name: string;
  pattern: Record<string, unknown>;
  target: (event: BusEvent) => Promise<unknown>;
}

/** What happened to one event at one rule, for the demo's narration and the tests. */
export interface Delivery {
  rule: string;
  eventId: string;
  detailType: string;
  attempt: number;
  outcome: 'succeeded' | 'failed' | 'dead_lettered';
  result?: unknown;
  error?: string;
}

/**
 * Builds the stack's rules from the same pattern functions serverless.yml resolves through
 * (serverless/event-patterns.cjs), so the local bus routes exactly what the deployed rules route.
 */
export function stackRules(input: {
  service: string;
  stage: string;
  watchedParameters: string[];
  onParameterChange: LocalRule['target'];
  onCommandStatus: LocalRule['target'];
}): LocalRule[] {
  return [
    { name: 'onParameterChange', pattern: parameterChangePattern(input.watchedParameters), target: input.onParameterChange },
    { name: 'onCommandStatus', pattern: commandStatusPattern(documentName(input.service, input.stage)), target: input.onCommandStatus },
  ];
}

/**
 * EventBridge stand-in: routes each event to every rule whose pattern matches and invokes the
 * target asynchronously, as Lambda's async invocation does: a failed invocation is retried up to
 * twice, then the event goes to the dead-letter list.
 */
export class LocalEventBus {
  private readonly inFlight = new Set<Promise<void>>();
  readonly deliveries: Delivery[] = [];
  readonly deadLetters: BusEvent[] = [];
  private readonly listeners: Array<(delivery: Delivery) => void> = [];

  constructor(
    private readonly rules: LocalRule[],
    private readonly maxRetries = 2,
  ) {}

  put(event: BusEvent): void {
    for (const rule of this.rules) {
      if (!matchesPattern(rule.pattern, event)) continue;
      const run = this.deliver(rule, event).finally(() => this.inFlight.delete(run));
      this.inFlight.add(run);
    }
  }

  onDelivery(listener: (delivery: Delivery) => void): void {
    this.listeners.push(listener);
  }

  /** True while a target invocation runs. */
  busy(): boolean {
    return this.inFlight.size > 0;
  }

  /** Resolves when no target invocation is running. */
  async whenIdle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async deliver(rule: LocalRule, event: BusEvent): Promise<void> {
    for (let attempt = 1; attempt <= this.maxRetries + 1; attempt += 1) {
      try {
        // Copy the event, as each Lambda invocation gets its own deserialized payload.
        const result = await rule.target(structuredClone(event));
        this.record({ rule: rule.name, eventId: event.id, detailType: event['detail-type'], attempt, outcome: 'succeeded', result });
        return;
      } catch (error) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        const last = attempt > this.maxRetries;
        this.record({ rule: rule.name, eventId: event.id, detailType: event['detail-type'], attempt, outcome: last ? 'dead_lettered' : 'failed', error: message });
        if (last) this.deadLetters.push(event);
      }
    }
  }

  private record(delivery: Delivery): void {
    this.deliveries.push(delivery);
    for (const listener of this.listeners) listener(delivery);
  }
}
