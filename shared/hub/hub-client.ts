import { fingerprint } from '../token/fingerprint.js';
import type { GatedAccessResult, HubApi, TokenRole, WhoamiResult } from './hub-api.js';

/** Options of the HTTP client for the Hub. */
export interface HubClientOptions {
  /** Base URL without a trailing slash, such as `https://huggingface.co`. */
  baseUrl: string;
  /** Milliseconds one request may take, body included, before it counts as an outage. */
  timeoutMs: number;
  /** File read from each gated repository. @default 'config.yaml' (present in both pyannote models) */
  probeFile?: string;
  /** Fetch implementation; tests pass their own. @default globalThis.fetch */
  fetch?: typeof fetch;
}

const TOKEN_ROLES: readonly string[] = ['read', 'write', 'fineGrained'];
/** Longest Hub error message kept from a header, in characters. */
const MAX_HUB_MESSAGE = 300;

/**
 * Calls the Hub's whoami and file endpoints with the token as a Bearer header. A 401 is the only
 * response that makes a token invalid: timeouts, network errors, 5xx and other surprises are
 * `skipped`, so a Hub outage never looks like a revoked token.
 */
export class HttpHubClient implements HubApi {
  private readonly fetchImpl: typeof fetch;
  private readonly probeFile: string;

  constructor(private readonly options: HubClientOptions) {
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.probeFile = options.probeFile ?? 'config.yaml';
  }

  async whoami(token: string): Promise<WhoamiResult> {
    let response: Response;
    let body: unknown;
    try {
      response = await this.request(token, 'GET', '/api/whoami-v2');
      if (response.status !== 200) {
        await response.body?.cancel();
        return whoamiFailure(response);
      }
      body = await response.json();
    } catch (error) {
      return { status: 'skipped', reason: this.describeFailure(error, token) };
    }
    return parseWhoami(body);
  }

  async gatedAccess(token: string, repo: string): Promise<GatedAccessResult> {
    let response: Response;
    try {
      // HEAD transfers no body; `redirect: manual` keeps the request on the Hub, because a file
      // the token may read returns 200 or a redirect to the file's storage host.
      response = await this.request(token, 'HEAD', `/${repo}/resolve/main/${this.probeFile}`);
      await response.body?.cancel();
    } catch (error) {
      return { status: 'skipped', repo, reason: this.describeFailure(error, token) };
    }
    const status = response.status;
    const hubMessage = headerText(response, 'x-error-message');
    if (status === 200 || (status >= 300 && status < 400)) return { status: 'ok', repo };
    if (status === 401 || status === 403) {
      return { status: 'denied', repo, httpStatus: status, errorCode: headerText(response, 'x-error-code'), hubMessage };
    }
    if (status === 404) return { status: 'not_found', repo, hubMessage };
    return { status: 'skipped', repo, reason: `the Hub returned HTTP ${status}` };
  }

  private request(token: string, method: 'GET' | 'HEAD', path: string): Promise<Response> {
    return this.fetchImpl(`${this.options.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'user-agent': 'hf-token-rotation' },
      redirect: 'manual',
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
  }

  /** Describes a failed request in words that cannot contain the token. */
  private describeFailure(error: unknown, token: string): string {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return `timed out after ${this.options.timeoutMs} ms`;
    }
    if (error instanceof SyntaxError) return 'the Hub returned a body that is not JSON';
    const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
    const code = typeof cause?.code === 'string' ? cause.code : null;
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    // An injected fetch may put anything into its message; the token is replaced in any case.
    return redact(code ? `network error ${code}` : `request failed (${text})`, token);
  }
}

function whoamiFailure(response: Response): WhoamiResult {
  if (response.status === 401) {
    return { status: 'invalid', httpStatus: 401, hubMessage: headerText(response, 'x-error-message') };
  }
  return { status: 'skipped', reason: `the Hub returned HTTP ${response.status}` };
}

/** Reads the fields the checks need from a whoami-v2 body; anything unexpected is `skipped`. */
function parseWhoami(body: unknown): WhoamiResult {
  if (typeof body !== 'object' || body === null) {
    return { status: 'skipped', reason: 'the Hub returned an unexpected whoami-v2 body' };
  }
  const record = body as { name?: unknown; auth?: { accessToken?: Record<string, unknown>; expiresAt?: unknown } };
  const accessToken = record.auth?.accessToken ?? {};
  const role = typeof accessToken['role'] === 'string' && TOKEN_ROLES.includes(accessToken['role']) ? (accessToken['role'] as TokenRole) : null;
  const fineGrained = accessToken['fineGrained'] as { canReadGatedRepos?: unknown } | undefined;
  return {
    status: 'valid',
    account: typeof record.name === 'string' ? record.name : 'unknown',
    role,
    // Current responses carry `auth.expiresAt`; older ones `auth.accessToken.expiration`.
    expiresAt: parseDate(record.auth?.expiresAt) ?? parseDate(accessToken['expiration']),
    canReadGatedRepos: role === 'fineGrained' ? fineGrained?.canReadGatedRepos === true : null,
  };
}

function parseDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function headerText(response: Response, name: string): string | null {
  const value = response.headers.get(name);
  return value ? value.slice(0, MAX_HUB_MESSAGE) : null;
}

/** Replaces every occurrence of the token with its fingerprint. */
export function redact(text: string, token: string): string {
  return token.length === 0 ? text : text.split(token).join(fingerprint(token));
}
