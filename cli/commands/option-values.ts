import { UsageError } from '../errors.js';
import type { Messages } from '../messages.js';
import type { OptionValues } from './command.js';

/** Maximum --timeout in minutes: one day. */
const MAX_TIMEOUT_MINUTES = 1440;

/** Reads --version as a positive whole number; null when not given. */
export function versionOption(values: OptionValues, m: Messages): number | null {
  const raw = values['version'];
  if (raw === undefined || typeof raw === 'boolean') return null;
  if (!/^[1-9][0-9]{0,9}$/.test(raw)) throw new UsageError(m.errors.invalidVersion(raw));
  return Number(raw);
}

/** Reads --timeout in minutes (1 to 1440); `fallback` when not given. */
export function timeoutMinutesOption(values: OptionValues, fallback: number, m: Messages): number {
  const raw = values['timeout'];
  if (raw === undefined || typeof raw === 'boolean') return fallback;
  const minutes = Number(raw);
  if (!/^[0-9]+$/.test(raw) || minutes < 1 || minutes > MAX_TIMEOUT_MINUTES) throw new UsageError(m.errors.invalidMinutes('--timeout', raw));
  return minutes;
}

/** Reads a string option; undefined when not given. */
export function stringOption(values: OptionValues, name: string): string | undefined {
  const raw = values[name];
  return typeof raw === 'string' ? raw : undefined;
}

/** True when a flag was given. */
export function flagOption(values: OptionValues, name: string): boolean {
  return values[name] === true;
}
