import type { Readable, Writable } from 'node:stream';

/** Standard input as the CLI reads it; a TTY also offers raw mode for hidden input. */
export type InputStream = Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };

/** A stream the CLI writes to; `isTTY` decides about colors. */
export type OutputStream = Writable & { isTTY?: boolean };

/** Everything the CLI touches outside its arguments, so tests can pass their own. */
export interface CliIo {
  stdin: InputStream;
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
  now(): Date;
  sleep(milliseconds: number): Promise<void>;
}

/** Returns the process's own streams, environment and clock. */
export function processIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    now: () => new Date(),
    sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
  };
}
