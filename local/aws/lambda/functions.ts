import type { IncomingMessage, ServerResponse } from 'node:http';

/** A local function: receives the invocation payload and returns the result Lambda would. */
export type LocalFunction = (payload: unknown) => Promise<unknown>;

/** Path of Lambda's Invoke operation (REST API version 2015-03-31). */
export const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/?]+)\/invocations(?:\?.*)?$/;

/**
 * The functions a local stack offers to Lambda's Invoke (RequestResponse only), so operator tools
 * that invoke a deployed function, such as `hf-token check`, run against the local stack.
 */
export class LocalFunctions {
  private readonly functions = new Map<string, LocalFunction>();

  register(name: string, handler: LocalFunction): void {
    this.functions.set(name, handler);
  }

  /**
   * Runs the function and writes Lambda's response. A result is written as JSON, and a thrown error
   * as `{ errorType, errorMessage }` with the X-Amz-Function-Error header. An unknown name gets 404
   * ResourceNotFoundException.
   */
  async invoke(name: string, body: string, region: string, accountId: string, response: ServerResponse, requestId: string): Promise<void> {
    const handler = this.functions.get(name.replace(/^arn:aws:lambda:[^:]+:\d+:function:/, ''));
    if (!handler) {
      const error = JSON.stringify({
        Type: 'User',
        message: `Function not found: arn:aws:lambda:${region}:${accountId}:function:${name}`,
      });
      write(response, requestId, 404, error, { 'x-amzn-errortype': 'ResourceNotFoundException' });
      return;
    }
    let payload: unknown = {};
    try {
      payload = body.trim() === '' ? {} : JSON.parse(body);
    } catch {
      write(response, requestId, 400, JSON.stringify({ Type: 'User', message: 'Could not parse request body into json' }), {
        'x-amzn-errortype': 'InvalidRequestContentException',
      });
      return;
    }
    try {
      const result = await handler(payload);
      write(response, requestId, 200, JSON.stringify(result ?? null), { 'x-amz-executed-version': '$LATEST' });
    } catch (error) {
      const failure = { errorType: error instanceof Error ? error.name : 'Error', errorMessage: error instanceof Error ? error.message : String(error) };
      write(response, requestId, 200, JSON.stringify(failure), { 'x-amz-executed-version': '$LATEST', 'x-amz-function-error': 'Unhandled' });
    }
  }
}

function write(response: ServerResponse, requestId: string, status: number, body: string, headers: Record<string, string>): void {
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
    ...headers,
  });
  response.end(body);
}

/** Reads the function name from an Invoke request, or null for any other request. */
export function invokedFunction(request: IncomingMessage): string | null {
  if (request.method !== 'POST') return null;
  const match = INVOKE_PATH.exec(request.url ?? '');
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}
