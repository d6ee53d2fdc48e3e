// Test tokens and fingerprints. Tokens are generated per run so that no real or fixed token ever
// lands in the repository, and tests can scan captured output for the exact value.
import { createHash, randomInt } from 'node:crypto';

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Characters after `hf_`, the length of current Hugging Face user access tokens. */
const TOKEN_BODY_LENGTH = 34;

/** Generates a random token shaped like a Hugging Face access token: `hf_` + 34 letters and digits. */
export function generateTestToken(): string {
  let body = '';
  for (let i = 0; i < TOKEN_BODY_LENGTH; i++) {
    body += TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)];
  }
  return `hf_${body}`;
}

/** Returns the fingerprint of a value: `sha256:` + the first 12 hex digits of its SHA-256. */
export function fingerprintOf(value: string): string {
  return `sha256:${createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 12)}`;
}
