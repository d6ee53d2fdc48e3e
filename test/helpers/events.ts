import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Loads a real event sample from test/events/ as a fresh object. */
export function loadEvent<T = Record<string, any>>(name: string): T {
  const path = fileURLToPath(new URL(`../events/${name}.json`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
