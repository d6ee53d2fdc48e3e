// Fault injection for tests and the demo. The router calls `intercept` before every handler, so one
// place decides whether a call is throttled or fails; later fault kinds (delays, dropped events,
// late results) hook in here as well.
import { AwsError } from './errors.js';

/** A fault that hits the next `remaining` calls of one operation. */
interface PlannedFault {
  service: string | undefined;
  operation: string;
  remaining: number;
  kind: 'throttle' | 'serverError';
}

/** Throttling and server errors planned per operation, consumed call by call. */
export class Faults {
  private planned: PlannedFault[] = [];

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

  /** Removes every planned fault. */
  clear(): void {
    this.planned = [];
  }

  /** Returns the error to send instead of running the call, or undefined to run it. */
  intercept(service: string, operation: string): AwsError | undefined {
    const fault = this.planned.find(
      (candidate) =>
        candidate.operation === operation &&
        candidate.remaining > 0 &&
        (candidate.service === undefined || candidate.service === service),
    );
    if (fault === undefined) {
      return undefined;
    }
    fault.remaining -= 1;
    this.planned = this.planned.filter((candidate) => candidate.remaining > 0);
    return fault.kind === 'throttle' ? throttlingError(service) : serverError(service);
  }
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
