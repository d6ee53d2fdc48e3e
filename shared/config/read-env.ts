import { ConfigError } from './errors.js';

/** Environment as Lambda passes it: every value a string or unset. */
export type Environment = Record<string, string | undefined>;

export function requiredString(env: Environment, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(name, 'is required but not set.');
  return value;
}

export function optionalString(env: Environment, name: string, fallback: string): string {
  const value = env[name]?.trim();
  return value ? value : fallback;
}

export function stringList(env: Environment, name: string, fallback: readonly string[]): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return [...fallback];
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  if (items.length === 0) throw new ConfigError(name, `must list at least one value (comma-separated), got "${raw}".`);
  return items;
}

export function oneOf<T extends string>(env: Environment, name: string, allowed: readonly T[], fallback: T): T {
  const value = optionalString(env, name, fallback);
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${value}".`);
  }
  return value as T;
}

export function booleanFlag(env: Environment, name: string, fallback: boolean): boolean {
  const value = optionalString(env, name, String(fallback)).toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ConfigError(name, `must be true or false, got "${value}".`);
}

export function integerInRange(env: Environment, name: string, min: number, max: number, fallback: number): number {
  const raw = optionalString(env, name, String(fallback));
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}".`);
  }
  return value;
}

/** A Run Command rate value: a count (`10`) or a percentage (`25%`), as MaxConcurrency and MaxErrors take. */
export function rateValue(env: Environment, name: string, fallback: string): string {
  const value = optionalString(env, name, fallback);
  if (!/^([1-9][0-9]{0,5}|[0-9]|([1-9][0-9]?|100)%)$/.test(value)) {
    throw new ConfigError(name, `must be a count (for example 10) or a percentage from 1% to 100%, got "${value}".`);
  }
  return value;
}
