/** Token roles the Hub reports in `auth.accessToken.role`. */
export type TokenRole = 'read' | 'write' | 'fineGrained';

/** Outcome of `GET /api/whoami-v2` for one token. */
export type WhoamiResult =
  | {
      status: 'valid';
      /** Account name the token belongs to. */
      account: string;
      /** Role of the token, or null when the Hub reports none or an unknown one. */
      role: TokenRole | null;
      /** Expiry of the token, or null when it does not expire. */
      expiresAt: Date | null;
      /** For fine-grained tokens: whether "read access to contents of all public gated repos" is on; null otherwise. */
      canReadGatedRepos: boolean | null;
    }
  | { status: 'invalid'; httpStatus: number; hubMessage: string | null }
  | { status: 'skipped'; reason: string };

/** Outcome of reading one file of a gated repository with the token. */
export type GatedAccessResult =
  | { status: 'ok'; repo: string }
  | {
      status: 'denied';
      repo: string;
      /** 401 or 403 from the Hub. */
      httpStatus: number;
      /** The Hub's `X-Error-Code` header, such as `GatedRepo`. */
      errorCode: string | null;
      /** The Hub's `X-Error-Message` header. */
      hubMessage: string | null;
    }
  | { status: 'not_found'; repo: string; hubMessage: string | null }
  | { status: 'skipped'; repo: string; reason: string };

/**
 * Port to the Hugging Face Hub. Implementations never put the token anywhere but the
 * `Authorization` header, and never into a result, error or log line.
 */
export interface HubApi {
  whoami(token: string): Promise<WhoamiResult>;
  gatedAccess(token: string, repo: string): Promise<GatedAccessResult>;
}
