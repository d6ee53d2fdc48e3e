import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Generates a throwaway token of the Hub's shape (`hf_` + 34 letters and digits) for the demo and
 * tests. It is random at every run and valid nowhere.
 */
export function generateToken(): string {
  let body = '';
  for (let index = 0; index < 34; index += 1) body += ALPHABET[randomInt(ALPHABET.length)];
  return `hf_${body}`;
}
