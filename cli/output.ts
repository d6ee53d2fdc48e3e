import type { OutputStream } from './io.js';

/** ANSI styles the CLI uses; each wraps text and resets afterwards. */
const STYLES = {
  bold: ['\u001b[1m', '\u001b[22m'],
  dim: ['\u001b[2m', '\u001b[22m'],
  red: ['\u001b[31m', '\u001b[39m'],
  green: ['\u001b[32m', '\u001b[39m'],
  yellow: ['\u001b[33m', '\u001b[39m'],
} as const;

export type Style = keyof typeof STYLES;

/** Text placed where a secret would have appeared. */
const REDACTED = '[redacted]';
const TOKEN_SHAPE = /hf_[A-Za-z0-9]{8,}/g;

/**
 * Writes the CLI's human and JSON output. Every write passes through `redact`, so a secret that
 * reaches a message by accident (for example inside an AWS error text) is replaced before it is
 * printed.
 */
export class Output {
  private readonly secrets = new Set<string>();

  constructor(
    private readonly stdout: OutputStream,
    private readonly stderr: OutputStream,
    /** Whether `style` adds ANSI colors; false for --no-color, NO_COLOR and non-TTY stdout. */
    readonly colors: boolean,
  ) {}

  /** Registers a value that must never be printed, such as the token being stored. */
  addSecret(secret: string): void {
    if (secret.length > 0) this.secrets.add(secret);
  }

  /**
   * Replaces every registered secret in the text, and anything shaped like a Hub token (`hf_` and
   * at least 8 letters or digits), so no message can repeat a token from an argument or a file.
   */
  redact(text: string): string {
    let result = text;
    for (const secret of this.secrets) result = result.split(secret).join(REDACTED);
    return result.replace(TOKEN_SHAPE, REDACTED);
  }

  style(style: Style, text: string): string {
    if (!this.colors) return text;
    const [open, close] = STYLES[style];
    return `${open}${text}${close}`;
  }

  /** Writes one line to stdout. */
  line(text = ''): void {
    this.stdout.write(`${this.redact(text)}\n`);
  }

  /** Writes one line to stderr: prompts, progress notes and errors. */
  note(text: string): void {
    this.stderr.write(`${this.redact(text)}\n`);
  }

  /** Writes text to stderr without a line break, for prompts. */
  prompt(text: string): void {
    this.stderr.write(this.redact(text));
  }

  /** Writes a value as indented JSON to stdout. */
  json(value: unknown): void {
    this.stdout.write(`${this.redact(JSON.stringify(value, null, 2))}\n`);
  }
}

/**
 * Decides whether stdout gets colors: only on a TTY, and never with --no-color, a set NO_COLOR
 * (any value, as no-color.org defines it) or TERM=dumb.
 */
export function colorsEnabled(stdout: OutputStream, noColorOption: boolean, env: Record<string, string | undefined>): boolean {
  if (noColorOption) return false;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['TERM'] === 'dumb') return false;
  return stdout.isTTY === true;
}

/** Lays out rows as columns separated by two spaces; the last column is not padded. */
export function formatTable(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, visibleLength(cell));
    });
  }
  return rows.map((row) =>
    row
      .map((cell, index) => (index === row.length - 1 ? cell : cell + ' '.repeat((widths[index] ?? 0) - visibleLength(cell))))
      .join('  ')
      .trimEnd(),
  );
}

/** Length of the text without ANSI escape sequences. */
function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}
