// Fault injection for tests and the demo. The router calls `intercept` and `delayFor` before every
// handler, so one place decides whether a call is slow, throttled or fails. Faults that change what
// Run Command returns (late results, empty pages, execution timeouts) are read by the SSM command
// service, because only that service can tell which command a call is about.
import type { CommandDocumentContent } from '../types.js';
import { AwsError } from './errors.js';

/** A fault that hits the next `remaining` calls of one operation. */
interface PlannedFault {
  service: string | undefined;
  operation: string;
  remaining: number;
  kind: 'throttle' | 'serverError';
}

/** A delay before the next `remaining` calls of one operation are served. */
interface PlannedDelay {
  service: string | undefined;
  operation: string;
  remaining: number;
  delayMs: number;
}

/** A changed execution timeout, and parameter defaults, for one command. */
export interface PlannedExecutionTimeout {
  seconds: number;
  parameterDefaults: Record<string, string>;
}

/** List operations for which an empty page that still carries a NextToken can be planned. */
export type EmptyPageOperation = 'ListCommandInvocations';

/** Throttling, server errors, delays and Run Command faults, planned per operation and consumed call by call. */
export class Faults {
  private planned: PlannedFault[] = [];
  private delays: PlannedDelay[] = [];
  private emptyPages = new Map<EmptyPageOperation, number>();
  private executionTimeouts: Array<PlannedExecutionTimeout & { remaining: number }> = [];
  /** Late results still to assign: how many commands, and how many empty responses each gets. */
  private resultDelay: { calls: number; commands: number } | undefined;
  /** Command id to the number of empty ListCommandInvocations responses it still gets. */
  private hiddenResults = new Map<string, number>();

  /**
   * Makes the next `count` calls of `operation` (for example `SendCommand`) fail with the
   * service's throttling error, which the SDK retries. `service` narrows it to `ssm`, `sns` or `ssm-incidents`.
   */
  throttle(operation: string, count = 1, service?: string): void {
    this.planned.push({ service, operation, remaining: count, kind: 'throttle' });
  }

  /** Makes the next `count` calls of `operation` fail with HTTP 500 (the service's internal error). */
  serverError(operation: string, count = 1, service?: string): void {
    this.planned.push({ service, operation, remaining: count, kind: 'serverError' });
  }

  /**
   * Serves the next `count` calls of `operation` only after `delayMs` milliseconds. The call runs
   * after the wait, so its response reflects every change that other calls made meanwhile.
   */
  delay(operation: string, delayMs: number, count = 1, service?: string): void {
    if (!Number.isInteger(delayMs) || delayMs < 0) {
      throw new RangeError(`delayMs ${delayMs} is invalid; pass a whole number of milliseconds from 0.`);
    }
    this.delays.push({ service, operation, remaining: count, delayMs });
  }

  /**
   * Makes ListCommandInvocations return no invocations for the first `calls` calls that name a
   * command after it ended, for the next `commands` commands that end. This is the eventual
   * consistency window in which AWS has not published the results of a finished command yet.
   */
  delayResults(calls: number, commands = 1): void {
    this.resultDelay = { calls, commands };
  }

  /**
   * Makes the next `count` calls of `operation` return an empty page with a NextToken that
   * leads to the same items, as AWS list operations may do.
   */
  emptyPage(operation: EmptyPageOperation, count = 1): void {
    this.emptyPages.set(operation, (this.emptyPages.get(operation) ?? 0) + count);
  }

  /**
   * Runs every step of the next `count` commands with an execution timeout of `seconds`, as if
   * their document's step `timeoutSeconds` were that value. A script that runs longer is killed
   * and its invocation ends as `Execution Timed Out`. `parameterDefaults` replaces defaults of
   * the document's parameters for these commands, for example a health wait longer than the timeout.
   */
  executionTimeout(seconds: number, count = 1, parameterDefaults: Record<string, string> = {}): void {
    if (!Number.isInteger(seconds) || seconds < 1) {
      throw new RangeError(`seconds ${seconds} is invalid; pass a whole number of seconds from 1.`);
    }
    this.executionTimeouts.push({ seconds, parameterDefaults: { ...parameterDefaults }, remaining: count });
  }

  /** Removes every planned fault. */
  clear(): void {
    this.planned = [];
    this.delays = [];
    this.emptyPages.clear();
    this.executionTimeouts = [];
    this.resultDelay = undefined;
    this.hiddenResults.clear();
  }

  /** Returns the error to send instead of running the call, or undefined to run it. */
  intercept(service: string, operation: string): AwsError | undefined {
    const fault = takeNext(this.planned, service, operation);
    this.planned = this.planned.filter((candidate) => candidate.remaining > 0);
    if (fault === undefined) {
      return undefined;
    }
    return fault.kind === 'throttle' ? throttlingError(service) : serverError(service);
  }

  /** Returns how many milliseconds to wait before serving the call (0 for no delay). */
  delayFor(service: string, operation: string): number {
    const delay = takeNext(this.delays, service, operation);
    this.delays = this.delays.filter((candidate) => candidate.remaining > 0);
    return delay?.delayMs ?? 0;
  }

  /** Returns whether this call of `operation` gets an empty page, and counts it. */
  takeEmptyPage(operation: EmptyPageOperation): boolean {
    const remaining = this.emptyPages.get(operation) ?? 0;
    if (remaining <= 0) {
      return false;
    }
    this.emptyPages.set(operation, remaining - 1);
    return true;
  }

  /** Returns the planned execution timeout for a command being sent, or undefined for the document's own. */
  takeExecutionTimeout(): PlannedExecutionTimeout | undefined {
    const next = this.executionTimeouts.find((candidate) => candidate.remaining > 0);
    if (next === undefined) {
      return undefined;
    }
    next.remaining -= 1;
    this.executionTimeouts = this.executionTimeouts.filter((candidate) => candidate.remaining > 0);
    return { seconds: next.seconds, parameterDefaults: next.parameterDefaults };
  }

  /**
   * Returns whether a ListCommandInvocations call for the ended command `commandId` gets no
   * invocations. The first such call of a command assigns it one of the planned late results.
   */
  hidesResults(commandId: string): boolean {
    let remaining = this.hiddenResults.get(commandId);
    if (remaining === undefined) {
      const plan = this.resultDelay;
      if (plan === undefined || plan.commands <= 0) {
        return false;
      }
      plan.commands -= 1;
      remaining = plan.calls;
    }
    this.hiddenResults.set(commandId, Math.max(0, remaining - 1));
    return remaining > 0;
  }
}

/** Returns a copy of the document with the planned step timeout and parameter defaults. */
export function withExecutionTimeout(document: CommandDocumentContent, planned: PlannedExecutionTimeout): CommandDocumentContent {
  const parameters = { ...document.parameters };
  for (const [name, value] of Object.entries(planned.parameterDefaults)) {
    const parameter = parameters[name];
    if (parameter === undefined) {
      throw new RangeError(`Parameter ${name} is not in the document; plan defaults only for its parameters (${Object.keys(parameters).join(', ')}).`);
    }
    parameters[name] = { ...parameter, default: value };
  }
  return {
    ...document,
    parameters,
    mainSteps: document.mainSteps.map((step) => ({ ...step, inputs: { ...step.inputs, timeoutSeconds: String(planned.seconds) } })),
  };
}

/** Finds the first planned entry for this call, counts it down and returns it. */
function takeNext<T extends { service: string | undefined; operation: string; remaining: number }>(
  entries: T[],
  service: string,
  operation: string,
): T | undefined {
  const entry = entries.find(
    (candidate) =>
      candidate.operation === operation &&
      candidate.remaining > 0 &&
      (candidate.service === undefined || candidate.service === service),
  );
  if (entry !== undefined) {
    entry.remaining -= 1;
  }
  return entry;
}

function throttlingError(service: string): AwsError {
  // SNS models throttling as `Throttled` with HTTP 429, Incident Manager as `ThrottlingException`
  // with 429, and SSM as `ThrottlingException` with 400.
  if (service === 'sns') {
    return new AwsError('Throttled', 'Rate exceeded (injected fault).', 429);
  }
  return new AwsError('ThrottlingException', 'Rate exceeded (injected fault).', service === 'ssm-incidents' ? 429 : 400);
}

function serverError(service: string): AwsError {
  if (service === 'sns') {
    return new AwsError('InternalError', 'Internal error (injected fault).', 500);
  }
  if (service === 'ssm-incidents') {
    return new AwsError('InternalServerException', 'Internal server error (injected fault).', 500);
  }
  return new AwsError('InternalServerError', 'Internal server error (injected fault).', 500);
}
