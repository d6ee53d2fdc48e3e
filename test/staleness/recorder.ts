// A logger that records every call, so tests can check log events and scan them for a token.
import type { StepLogger } from '../../shared/logging/logger.js';

export interface LogEntry {
  level: 'info' | 'warn' | 'error' | 'debug';
  message: string;
  fields: unknown[];
}

/** A StepLogger that keeps every entry in `entries`. */
export class RecordingLogger implements StepLogger {
  readonly entries: LogEntry[] = [];

  info(message: string, ...fields: unknown[]): void {
    this.entries.push({ level: 'info', message, fields });
  }

  warn(message: string, ...fields: unknown[]): void {
    this.entries.push({ level: 'warn', message, fields });
  }

  error(message: string, ...fields: unknown[]): void {
    this.entries.push({ level: 'error', message, fields });
  }

  debug(message: string, ...fields: unknown[]): void {
    this.entries.push({ level: 'debug', message, fields });
  }

  /** Returns every entry as one JSON text, for leak scans. */
  text(): string {
    return this.entries.map((entry) => JSON.stringify(entry)).join('\n');
  }

  messages(): string[] {
    return this.entries.map((entry) => entry.message);
  }
}
