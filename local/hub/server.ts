// A stand-in for the Hugging Face Hub on 127.0.0.1: the whoami-v2 endpoint and file reads of gated
// models, with the Hub's status codes, error headers and body shapes. Tokens are
// registered at run time and kept in memory only; the request log holds fingerprints, not tokens.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TokenRole } from '../../shared/hub/hub-api.js';
import { fingerprint } from '../../shared/token/fingerprint.js';

/** Settings of a registered token: role, gated access and expiry. */
export interface TokenRegistration {
  role: TokenRole;
  /** `true`: the account accepted the terms of every gated model; a list: only of these repositories. */
  gatedAccess: boolean | string[];
  /** Fine-grained tokens only: "read access to contents of all public gated repos". @default true */
  canReadGatedRepos?: boolean;
  /** Account name in whoami-v2. @default 'whisperx-ops' */
  account?: string;
  /** Expiry reported in `auth.expiresAt`; none by default. */
  expiresAt?: Date;
}

/** One request as the log keeps it: the token only as a fingerprint. */
export interface HubRequest {
  method: string;
  /** Path and query exactly as requested. */
  url: string;
  /** `Bearer sha256:...` with the token's fingerprint, or null without an Authorization header. */
  authorization: string | null;
}

export interface LocalHubOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Repositories that exist and are gated. @default the two pyannote models WhisperX uses */
  gatedRepos?: string[];
}

/** A running local Hub with its control API. */
export interface LocalHub {
  /** Base URL for HUB_BASE_URL, `http://127.0.0.1:PORT`. */
  url: string;
  register(token: string, registration: TokenRegistration): void;
  /** Makes every request with the token fail with 401 from now on, as after revoking it on the Hub. */
  revoke(token: string): void;
  /** Fails every request with `status` (a 5xx) until `recover`. */
  fail(status?: number): void;
  /** Accepts requests but never responds until `recover` or `close`, to test timeouts. */
  hang(): void;
  /** Returns to normal responses; requests left hanging are closed. */
  recover(): void;
  requests(): HubRequest[];
  close(): Promise<void>;
}

const INVALID_CREDENTIALS = 'Invalid credentials in Authorization header';
const DEFAULT_GATED_REPOS = ['pyannote/speaker-diarization-3.1', 'pyannote/segmentation-3.0'];
const RESOLVE_PATH = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/;

/** Starts the local Hub on 127.0.0.1 and resolves once it listens. */
export async function startLocalHub(options: LocalHubOptions = {}): Promise<LocalHub> {
  const tokens = new Map<string, TokenRegistration & { revoked: boolean }>();
  const gatedRepos = new Set(options.gatedRepos ?? DEFAULT_GATED_REPOS);
  const log: HubRequest[] = [];
  const hanging = new Set<ServerResponse>();
  let mode: { kind: 'normal' } | { kind: 'fail'; status: number } | { kind: 'hang' } = { kind: 'normal' };
  let baseUrl = '';

  const server = createServer((request, response) => {
    const authorization = request.headers.authorization;
    const token = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : null;
    log.push({ method: request.method ?? 'GET', url: request.url ?? '/', authorization: token === null ? null : `Bearer ${fingerprint(token)}` });

    if (mode.kind === 'hang') {
      hanging.add(response);
      response.on('close', () => hanging.delete(response));
      return;
    }
    if (mode.kind === 'fail') {
      sendJson(response, request, mode.status, { error: 'Internal Error - We\'re working hard to fix this as soon as possible!' });
      return;
    }
    const registration = token === null ? undefined : tokens.get(token);
    const valid = registration !== undefined && !registration.revoked ? registration : undefined;
    const path = (request.url ?? '/').split('?')[0] ?? '/';

    if (path === '/api/whoami-v2' && request.method === 'GET') {
      if (valid === undefined) {
        sendJson(response, request, 401, { error: INVALID_CREDENTIALS }, { 'x-error-message': INVALID_CREDENTIALS });
      } else {
        sendJson(response, request, 200, whoamiBody(valid));
      }
      return;
    }
    const resolve = RESOLVE_PATH.exec(path);
    if (resolve && (request.method === 'HEAD' || request.method === 'GET')) {
      respondToFileRead(request, response, resolve[1] ?? '', valid);
      return;
    }
    sendJson(response, request, 404, { error: 'Sorry, we can\'t find the page you are looking for.' });
  });

  /** Answers a file read of a gated model as the Hub does for each access situation. */
  function respondToFileRead(request: IncomingMessage, response: ServerResponse, repo: string, registration: TokenRegistration | undefined): void {
    if (!gatedRepos.has(repo)) {
      const message = 'Repository not found';
      sendJson(response, request, 404, { error: message }, { 'x-error-code': 'RepoNotFound', 'x-error-message': message });
      return;
    }
    if (registration === undefined) {
      const message = `Access to model ${repo} is restricted. You must have access to it and be authenticated to access it. Please log in.`;
      sendJson(response, request, 401, { error: message }, { 'x-error-code': 'GatedRepo', 'x-error-message': message });
      return;
    }
    if (registration.role === 'fineGrained' && registration.canReadGatedRepos === false) {
      const message = `Access to model ${repo} is restricted. Please enable access to public gated repositories in your fine-grained token settings to view this repository.`;
      sendJson(response, request, 403, { error: message }, { 'x-error-code': 'GatedRepo', 'x-error-message': message });
      return;
    }
    const accepted = registration.gatedAccess === true || (Array.isArray(registration.gatedAccess) && registration.gatedAccess.includes(repo));
    if (!accepted) {
      const message = `Access to model ${repo} is restricted and you are not in the authorized list. Visit ${baseUrl}/${repo} to ask for access.`;
      sendJson(response, request, 403, { error: message }, { 'x-error-code': 'GatedRepo', 'x-error-message': message });
      return;
    }
    const body = 'version: 3.1.0\n';
    response.writeHead(200, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      etag: '"a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"',
      'x-repo-commit': '84fd25912480287da0247647c3d2b4853cb3ee5d',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  function releaseHanging(): void {
    for (const response of hanging) response.destroy();
    hanging.clear();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    register: (token, registration) => {
      tokens.set(token, { ...registration, revoked: false });
    },
    revoke: (token) => {
      const registration = tokens.get(token);
      if (registration) registration.revoked = true;
    },
    fail: (status = 503) => {
      mode = { kind: 'fail', status };
    },
    hang: () => {
      mode = { kind: 'hang' };
    },
    recover: () => {
      mode = { kind: 'normal' };
      releaseHanging();
    },
    requests: () => log.map((entry) => ({ ...entry })),
    close: () =>
      new Promise<void>((resolve, reject) => {
        releaseHanging();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}

/** A whoami-v2 body for a user token, with the fields the Hub returns. */
function whoamiBody(registration: TokenRegistration): Record<string, unknown> {
  const account = registration.account ?? 'whisperx-ops';
  const accessToken: Record<string, unknown> = {
    displayName: 'whisperx-fleet',
    role: registration.role,
    createdAt: '2026-09-01T08:00:00.000Z',
  };
  if (registration.role === 'fineGrained') {
    accessToken['fineGrained'] = {
      canReadGatedRepos: registration.canReadGatedRepos ?? true,
      global: ['discussion.write', 'post.write'],
      scoped: [{ entity: { _id: '66d1f0c2a9e3b4c5d6e7f801', type: 'user', name: account }, permissions: ['repo.content.read'] }],
    };
  }
  return {
    type: 'user',
    id: '66d1f0c2a9e3b4c5d6e7f801',
    name: account,
    fullname: 'WhisperX Operations',
    email: `${account}@example.com`,
    emailVerified: true,
    canPay: false,
    periodEnd: null,
    isPro: false,
    avatarUrl: '/avatars/default.svg',
    orgs: [],
    auth: {
      type: 'access_token',
      accessToken,
      ...(registration.expiresAt ? { expiresAt: registration.expiresAt.toISOString() } : {}),
    },
  };
}

function sendJson(
  response: ServerResponse,
  request: IncomingMessage,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(request.method === 'HEAD' ? undefined : text);
}
