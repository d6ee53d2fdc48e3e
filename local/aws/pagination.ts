// NextToken handling shared by the list operations. A token is opaque to clients: it records the
// operation it belongs to and the offset of the next item.
import { AwsError } from './errors.js';

/** A page of items and the token for the next page (undefined on the last page). */
export interface Page<T> {
  items: T[];
  nextToken: string | undefined;
}

/**
 * Returns the page of `items` that starts at `nextToken`.
 *
 * @param scope - the operation and its filters; a token from another scope is rejected
 * @param errorCode - the error the operation raises for a bad token (SSM: `InvalidNextToken`)
 */
export function paginate<T>(
  items: readonly T[],
  options: { scope: string; nextToken: string | undefined; pageSize: number; errorCode?: string; httpStatus?: number },
): Page<T> {
  const start = options.nextToken === undefined ? 0 : decodeToken(options.nextToken, options.scope, options);
  const end = start + options.pageSize;
  return {
    items: items.slice(start, end),
    nextToken: end < items.length ? encodeToken(options.scope, end) : undefined,
  };
}

/** Returns the NextToken that starts the `scope` request's items at `offset`. */
export function pageToken(scope: string, offset: number): string {
  return encodeToken(scope, offset);
}

function encodeToken(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ scope, offset }), 'utf8').toString('base64url');
}

function decodeToken(
  token: string,
  scope: string,
  options: { errorCode?: string; httpStatus?: number },
): number {
  const invalid = new AwsError(
    options.errorCode ?? 'InvalidNextToken',
    'The specified token is not valid: pass the NextToken of the previous page of the same request unchanged.',
    options.httpStatus ?? 400,
  );
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { scope?: unknown; offset?: unknown };
    if (decoded.scope !== scope || typeof decoded.offset !== 'number' || !Number.isInteger(decoded.offset) || decoded.offset < 0) {
      throw invalid;
    }
    return decoded.offset;
  } catch {
    throw invalid;
  }
}
