// HTTP server and router of the local endpoint. The router identifies the service as AWS does:
// SSM by `X-Amz-Target: AmazonSSM.<Operation>` and CloudTrail by
// `X-Amz-Target: CloudTrail_20131101.<Operation>`, both with JSON 1.1 bodies, Incident Manager by
// its REST path (`POST /startIncident`), SNS by a form-encoded `Action=<Operation>` body. Every
// call passes the signature check, the call log and the fault hook in one place before its
// handler runs.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { CloudTrailService } from './cloudtrail/service.js';
import type { ServiceContext } from './context.js';
import { AwsError, jsonErrorBody, queryErrorBody } from './errors.js';
import type { Faults } from './faults.js';
import { checkAuthorization } from './signature.js';
import type { IncidentsService } from './incidents/service.js';
import { invokedFunction, type LocalFunctions } from './lambda/functions.js';
import type { CallInfo } from './ssm/call-info.js';
import type { JsonInput } from './ssm/input.js';
import type { SsmService } from './ssm/service.js';
import { queryResponse, SNS_XMLNS } from './sns/query.js';
import type { SnsService } from './sns/service.js';

/** One API call as the call log keeps it; request bodies are never kept, they may hold a token. */
export interface CallRecord {
  service: ServiceName;
  operation: string;
  time: Date;
  /** HTTP status of the response. */
  httpStatus: number;
  /** AWS error code when the call failed. */
  errorCode: string | undefined;
}

/** The services the endpoint serves, named as in their SigV4 credential scope. */
export type ServiceName = 'ssm' | 'sns' | 'cloudtrail' | 'ssm-incidents' | 'lambda';

/** Everything the router dispatches to. */
export interface RouterParts {
  context: ServiceContext;
  ssm: SsmService;
  sns: SnsService;
  incidents: IncidentsService;
  cloudtrail: CloudTrailService;
  functions: LocalFunctions;
  faults: Faults;
  calls: CallRecord[];
}

/** Largest request body accepted, in bytes: an SNS message of 256 KiB grows about threefold when form-encoded. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const SSM_TARGET_PREFIX = 'AmazonSSM.';
// The AWS SDK for JavaScript v3 sends the short form; the API reference's examples show the long one.
const CLOUDTRAIL_TARGET = /^(?:com\.amazonaws\.cloudtrail\.v20131101\.)?CloudTrail_20131101\.(.*)$/;

/** Creates the HTTP server; the caller decides where it listens. */
export function createEndpointServer(parts: RouterParts): Server {
  return createServer((request, response) => {
    handle(parts, request, response).catch((error: unknown) => {
      // handle() sends a response for every request itself, so reaching this means sending failed.
      process.stderr.write(`local-aws: request failed: ${(error as Error)?.stack ?? String(error)}\n`);
      if (!response.headersSent) {
        response.writeHead(500).end();
      }
    });
  });
}

async function handle(parts: RouterParts, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const body = await readBody(request);
  const target = header(request, 'x-amz-target');
  const cloudTrailOperation = target === undefined ? null : CLOUDTRAIL_TARGET.exec(target)?.[1];
  if (typeof cloudTrailOperation === 'string') {
    await handleCloudTrail(parts, request, response, requestId, cloudTrailOperation, body);
    return;
  }
  if (target !== undefined) {
    await handleSsm(parts, request, response, requestId, target, body);
    return;
  }
  const functionName = invokedFunction(request);
  if (functionName !== null) {
    const result = await runCall(parts, 'lambda', 'Invoke', request, () => '');
    if (!result.ok) {
      sendJson(response, requestId, result.error.httpStatus, jsonErrorBody(result.error), result.error.code, 'application/json');
      return;
    }
    await parts.functions.invoke(functionName, body ?? '', parts.context.region, parts.context.accountId, response, requestId);
    return;
  }
  const route = parts.incidents.routes.find((candidate) => candidate.method === request.method && candidate.path === request.url);
  if (route !== undefined) {
    await handleRestJson(parts, request, response, requestId, route.operation, (input) => route.handle(input), body);
    return;
  }
  if (request.method === 'POST' && (header(request, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
    await handleSns(parts, request, response, requestId, body);
    return;
  }
  const error =
    body === undefined
      ? new AwsError('RequestEntityTooLarge', `Request body is larger than ${MAX_BODY_BYTES} bytes.`, 413)
      : new AwsError(
          'UnknownOperationException',
          'This endpoint serves SSM and CloudTrail (JSON 1.1 with X-Amz-Target), Incident Manager (POST /startIncident) and SNS (form POST with Action).',
          400,
        );
  sendJson(response, requestId, error.httpStatus, jsonErrorBody(error), error.code);
}

async function handleSsm(
  parts: RouterParts,
  request: IncomingMessage,
  response: ServerResponse,
  requestId: string,
  target: string,
  body: string | undefined,
): Promise<void> {
  const operation = target.startsWith(SSM_TARGET_PREFIX) ? target.slice(SSM_TARGET_PREFIX.length) : target;
  const result = await runCall(parts, 'ssm', operation, request, (call) => {
    if (!target.startsWith(SSM_TARGET_PREFIX)) {
      throw new AwsError('UnknownOperationException', `X-Amz-Target ${target} is not an SSM operation (expected AmazonSSM.<Operation>).`);
    }
    const handler = parts.ssm.operations.get(operation);
    if (handler === undefined) {
      throw new AwsError('UnknownOperationException', `Operation ${operation} is not offered by the local SSM endpoint.`);
    }
    return JSON.stringify(handler(parseJson(body), call));
  });
  if (result.ok) {
    sendJson(response, requestId, 200, result.body, undefined);
  } else {
    sendJson(response, requestId, result.error.httpStatus, jsonErrorBody(result.error), result.error.code);
  }
}

async function handleCloudTrail(
  parts: RouterParts,
  request: IncomingMessage,
  response: ServerResponse,
  requestId: string,
  operation: string,
  body: string | undefined,
): Promise<void> {
  const result = await runCall(parts, 'cloudtrail', operation, request, () => {
    const handler = parts.cloudtrail.operations.get(operation);
    if (handler === undefined) {
      throw new AwsError('UnknownOperationException', `Operation ${operation} is not offered by the local CloudTrail endpoint.`);
    }
    return JSON.stringify(handler(parseJson(body)));
  });
  if (result.ok) {
    sendJson(response, requestId, 200, result.body, undefined);
  } else {
    sendJson(response, requestId, result.error.httpStatus, jsonErrorBody(result.error), result.error.code);
  }
}

async function handleSns(parts: RouterParts, request: IncomingMessage, response: ServerResponse, requestId: string, body: string | undefined): Promise<void> {
  const input = new URLSearchParams(body ?? '');
  const operation = input.get('Action') ?? '';
  const result = await runCall(parts, 'sns', operation, request, () => {
    if (body === undefined) {
      throw new AwsError('RequestEntityTooLarge', `Request body is larger than ${MAX_BODY_BYTES} bytes.`, 413);
    }
    const handler = parts.sns.actions.get(operation);
    if (handler === undefined) {
      throw new AwsError('InvalidAction', `The action ${operation || '(none)'} is not valid for this local SNS endpoint.`);
    }
    return queryResponse(operation, handler(input), requestId);
  });
  if (result.ok) {
    sendXml(response, requestId, 200, result.body);
  } else {
    sendXml(response, requestId, result.error.httpStatus, queryErrorBody(result.error, SNS_XMLNS, requestId));
  }
}

async function handleRestJson(
  parts: RouterParts,
  request: IncomingMessage,
  response: ServerResponse,
  requestId: string,
  operation: string,
  handler: (input: JsonInput) => JsonInput,
  body: string | undefined,
): Promise<void> {
  const result = await runCall(parts, 'ssm-incidents', operation, request, () => JSON.stringify(handler(parseJson(body))));
  if (result.ok) {
    sendJson(response, requestId, 200, result.body, undefined, 'application/json');
  } else {
    // REST-JSON errors carry the code in the x-amzn-ErrorType header and the text in `message`.
    sendJson(response, requestId, result.error.httpStatus, JSON.stringify({ message: result.error.message, ...result.error.fields }), result.error.code, 'application/json');
  }
}

type CallResult = { ok: true; body: string } | { ok: false; error: AwsError };

/** Checks the signature, logs the call, applies planned delays and faults and runs the handler. */
async function runCall(
  parts: RouterParts,
  service: ServiceName,
  operation: string,
  request: IncomingMessage,
  run: (call: CallInfo) => string,
): Promise<CallResult> {
  const record: CallRecord = { service, operation, time: parts.context.now(), httpStatus: 200, errorCode: undefined };
  parts.calls.push(record);
  try {
    const scope = checkAuthorization(header(request, 'authorization'), { region: parts.context.region, service });
    const delayMs = parts.faults.delayFor(service, operation);
    if (delayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    const fault = parts.faults.intercept(service, operation);
    if (fault !== undefined) {
      throw fault;
    }
    const call: CallInfo = {
      accessKeyId: scope.accessKeyId,
      userArn: `arn:aws:iam::${parts.context.accountId}:user/${scope.accessKeyId}`,
    };
    return { ok: true, body: run(call) };
  } catch (caught) {
    const error = caught instanceof AwsError ? caught : internalError(service, caught);
    record.httpStatus = error.httpStatus;
    record.errorCode = error.code;
    return { ok: false, error };
  }
}

function internalError(service: ServiceName, caught: unknown): AwsError {
  // A bug in the endpoint: the stack goes to stderr for the operator, and the client gets the
  // service's internal error.
  process.stderr.write(`local-aws: ${service} handler failed: ${(caught as Error)?.stack ?? String(caught)}\n`);
  return service === 'sns'
    ? new AwsError('InternalError', 'The local SNS endpoint failed; see its stderr.', 500)
    : new AwsError('InternalServerError', `The local ${service === 'ssm' ? 'SSM' : 'CloudTrail'} endpoint failed; see its stderr.`, 500);
}

function parseJson(body: string | undefined): JsonInput {
  if (body === undefined) {
    throw new AwsError('RequestEntityTooLarge', `Request body is larger than ${MAX_BODY_BYTES} bytes.`, 413);
  }
  if (body.trim() === '') {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new AwsError('SerializationException', 'Request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AwsError('SerializationException', 'Request body must be a JSON object.');
  }
  return parsed as JsonInput;
}

/** Reads the body as UTF-8, or returns undefined when it exceeds MAX_BODY_BYTES. */
async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      tooLarge = true;
      continue;
    }
    chunks.push(buffer);
  }
  return tooLarge ? undefined : Buffer.concat(chunks).toString('utf8');
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendJson(
  response: ServerResponse,
  requestId: string,
  status: number,
  body: string,
  errorCode: string | undefined,
  contentType = 'application/x-amz-json-1.1',
): void {
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
    ...(errorCode === undefined ? {} : { 'x-amzn-errortype': errorCode }),
  });
  response.end(body);
}

function sendXml(response: ServerResponse, requestId: string, status: number, body: string): void {
  response.writeHead(status, {
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
  });
  response.end(body);
}
