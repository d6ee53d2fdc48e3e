// Incident Manager (SSM Incidents): StartIncident over REST-JSON (`POST /startIncident`), against
// response plans that the demo or a test creates with `createResponsePlan`.
import { randomUUID } from 'node:crypto';
import { AwsError } from '../errors.js';
import type { ServiceContext } from '../context.js';
import type { JsonInput } from '../ssm/input.js';

/** An incident as the inspection API shows it. */
export interface Incident {
  incidentRecordArn: string;
  responsePlanArn: string;
  clientToken: string | undefined;
  title: string;
  impact: number;
  triggerSource: string;
  rawData: string | undefined;
  createdTime: Date;
}

/** One REST route: HTTP method and path to the operation that handles it. */
export interface IncidentRoute {
  method: string;
  path: string;
  operation: string;
  handle(input: JsonInput): JsonInput;
}

/** StartIncident limits: title 200 characters, rawData 10,000, clientToken 128. */
const LIMITS = { title: 200, rawData: 10_000, clientToken: 128 } as const;

/** Response plans and incidents of one account. */
export class IncidentsService {
  private readonly responsePlans = new Set<string>();
  private readonly incidentList: Incident[] = [];
  readonly routes: readonly IncidentRoute[];

  constructor(private readonly context: ServiceContext) {
    this.routes = [{ method: 'POST', path: '/startIncident', operation: 'StartIncident', handle: (input) => this.startIncident(input) }];
  }

  /** Registers a response plan and returns its ARN (Incident Manager ARNs carry no region). */
  createResponsePlan(name: string): string {
    const arn = `arn:aws:ssm-incidents::${this.context.accountId}:response-plan/${name}`;
    this.responsePlans.add(arn);
    return arn;
  }

  /** Returns the incidents started so far, oldest first. */
  incidents(): Incident[] {
    return this.incidentList.map((incident) => ({ ...incident }));
  }

  private startIncident(input: JsonInput): JsonInput {
    const responsePlanArn = requireText(input, 'responsePlanArn');
    if (!this.responsePlans.has(responsePlanArn)) {
      throw new AwsError('ResourceNotFoundException', `Response plan ${responsePlanArn} does not exist. Create it first.`, 404, 'Sender', {
        resourceIdentifier: responsePlanArn,
        resourceType: 'RESPONSE_PLAN',
      });
    }
    const clientToken = optionalText(input, 'clientToken', LIMITS.clientToken);
    const existing = clientToken === undefined ? undefined : this.incidentList.find((incident) => incident.clientToken === clientToken);
    if (existing !== undefined) {
      // The client token makes StartIncident idempotent: a retry gets the incident it started.
      return { incidentRecordArn: existing.incidentRecordArn };
    }
    const triggerDetails = readTriggerDetails(input['triggerDetails']);
    const incident: Incident = {
      incidentRecordArn: `arn:aws:ssm-incidents::${this.context.accountId}:incident-record/${responsePlanArn.split('/').at(-1)}/${randomUUID()}`,
      responsePlanArn,
      clientToken,
      title: optionalText(input, 'title', LIMITS.title) ?? responsePlanArn.split('/').at(-1) ?? 'incident',
      impact: readImpact(input['impact']),
      triggerSource: triggerDetails.source,
      rawData: triggerDetails.rawData,
      createdTime: this.context.now(),
    };
    this.incidentList.push(incident);
    return { incidentRecordArn: incident.incidentRecordArn };
  }
}

function requireText(input: JsonInput, member: string): string {
  const value = input[member];
  if (typeof value !== 'string' || value === '') {
    throw new AwsError('ValidationException', `${member} is required.`);
  }
  return value;
}

function optionalText(input: JsonInput, member: string, maxLength: number): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string' || value.length > maxLength) {
    throw new AwsError('ValidationException', `${member} must be a string of at most ${maxLength} characters.`);
  }
  return value;
}

function readImpact(value: unknown): number {
  if (value === undefined) {
    return 3;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 5) {
    throw new AwsError('ValidationException', `impact must be an integer from 1 (critical) to 5 (no impact), got ${String(value)}.`);
  }
  return value;
}

function readTriggerDetails(value: unknown): { source: string; rawData: string | undefined } {
  if (typeof value !== 'object' || value === null) {
    throw new AwsError('ValidationException', 'triggerDetails is required: give source and timestamp.');
  }
  const details = value as JsonInput;
  const source = requireText(details, 'source');
  if (source.startsWith('aws.')) {
    throw new AwsError('ValidationException', `triggerDetails.source ${source} is not valid: sources starting with "aws." are reserved for AWS.`);
  }
  if (typeof details['timestamp'] !== 'number') {
    throw new AwsError('ValidationException', 'triggerDetails.timestamp is required.');
  }
  return { source, rawData: optionalText(details, 'rawData', LIMITS.rawData) };
}
