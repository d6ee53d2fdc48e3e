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

/** Outcome of one event at one rule, for the demo's narration and the tests. */
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
  /** Events that a planned drop kept from every rule. */
  readonly dropped: BusEvent[] = [];
  private readonly listeners: Array<(delivery: Delivery) => void> = [];
  private readonly plannedDrops = new Map<string, number>();
  private plannedCopies: Array<{ detailType: string; copies: number; remaining: number }> = [];

  constructor(
    private readonly rules: LocalRule[],
    private readonly maxRetries = 2,
  ) {}

  put(event: BusEvent): void {
    const matching = this.rules.filter((rule) => matchesPattern(rule.pattern, event));
    if (matching.length === 0) return;
    const detailType = event['detail-type'];
    const drops = this.plannedDrops.get(detailType) ?? 0;
    if (drops > 0) {
      this.plannedDrops.set(detailType, drops - 1);
      this.dropped.push(event);
      return;
    }
    const copies = this.takeCopies(detailType);
    for (let copy = 0; copy < copies; copy += 1) {
      for (const rule of matching) {
        const run = this.deliver(rule, event).finally(() => this.inFlight.delete(run));
        this.inFlight.add(run);
      }
    }
  }

  /**
   * Drops the next `count` events of `detailType` that a rule matches, as EventBridge's best-effort
   * delivery of AWS service events may lose one. Events no rule matches are not counted.
   */
  dropNext(detailType: string, count = 1): void {
    this.plannedDrops.set(detailType, (this.plannedDrops.get(detailType) ?? 0) + count);
  }

  /**
   * Delivers each of the next `count` matched events of `detailType` `copies` times at once,
   * with the same event id, as EventBridge's at-least-once delivery may do.
   */
  duplicateNext(detailType: string, copies: number, count = 1): void {
    if (!Number.isInteger(copies) || copies < 1) {
      throw new RangeError(`copies ${copies} is invalid; pass the number of deliveries per event (1 or more).`);
    }
    this.plannedCopies.push({ detailType, copies, remaining: count });
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

  /** Returns how many times to deliver the next event of `detailType` (1 unless duplicates are planned). */
  private takeCopies(detailType: string): number {
    const plan = this.plannedCopies.find((candidate) => candidate.detailType === detailType && candidate.remaining > 0);
    if (plan === undefined) return 1;
    plan.remaining -= 1;
    this.plannedCopies = this.plannedCopies.filter((candidate) => candidate.remaining > 0);
    return plan.copies;
  }

  private record(delivery: Delivery): void {
    this.deliveries.push(delivery);
    for (const listener of this.listeners) listener(delivery);
  }
}
