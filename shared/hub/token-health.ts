import { fingerprint } from '../token/fingerprint.js';
import type { GatedAccessResult, HubApi, WhoamiResult } from './hub-api.js';

/** Result of the Hub checks for one token: whether it is valid, and whether it may read each gated repository. */
export interface TokenHealth {
  fingerprint: string;
  whoami: WhoamiResult;
  /** One result per repository; empty when the token is invalid, because every read would fail with 401. */
  gated: GatedAccessResult[];
}

/** Asks the Hub about the token: whoami first, then the gated repositories in parallel. */
export async function checkTokenHealth(token: string, hub: HubApi, gatedRepos: readonly string[]): Promise<TokenHealth> {
  const whoami = await hub.whoami(token);
  const gated = whoami.status === 'invalid' ? [] : await Promise.all(gatedRepos.map((repo) => hub.gatedAccess(token, repo)));
  return { fingerprint: fingerprint(token), whoami, gated };
}

/** Checks whether the token is fine-grained with "read access to contents of all public gated repos" off. */
export function gatedReadDisabled(whoami: WhoamiResult): boolean {
  return whoami.status === 'valid' && whoami.role === 'fineGrained' && whoami.canReadGatedRepos === false;
}
