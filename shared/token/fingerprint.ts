import { createHash } from 'node:crypto';

/**
 * Returns `sha256:` + the first 12 hex digits of SHA-256 of the token. It identifies a token
 * version in logs and alerts; 48 bits reveal nothing usable about a 34-character token.
 */
export function fingerprint(token: string): string {
  return `sha256:${createHash('sha256').update(token, 'utf8').digest('hex').slice(0, 12)}`;
}

/** Matches the fingerprint format, as the on-instance script prints it. */
export const FINGERPRINT_PATTERN = /^sha256:[0-9a-f]{12}$/;
