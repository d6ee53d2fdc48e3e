// Shared setup of the CLI tests: captured streams for in-process runs of main(), and a runner
// for bin/hf-token as a child process.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { CliIo, InputStream } from '../../cli/io.js';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'hf-token');

/** An in-process I/O for main() with captured stdout and stderr. */
export interface CapturedIo {
  io: CliIo;
  stdout(): string;
  stderr(): string;
}

/** Builds an I/O whose stdin contains `input` (or is the given stream), with captured stdout and stderr. */
export function captureIo(options: { input?: string | InputStream; env?: Record<string, string | undefined>; now?: () => Date } = {}): CapturedIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const input = options.input ?? '';
  return {
    io: {
      stdin: typeof input === 'string' ? Readable.from([input]) : input,
      stdout,
      stderr,
      env: options.env ?? { LANG: 'C' },
      now: options.now ?? (() => new Date()),
      sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
    },
    stdout: () => out,
    stderr: () => err,
  };
}

/** Outcome of one child-process run of bin/hf-token. */
export interface BinRun {
  code: number | null;
  stdout: string;
  stderr: string;
  argv: string[];
}

/** Runs bin/hf-token with the arguments, writing `stdin` to its standard input. */
export function runBin(args: string[], options: { stdin?: string; env?: Record<string, string | undefined> } = {}): Promise<BinRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, LANG: 'C', LC_ALL: '', ...options.env } as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, argv: [process.execPath, BIN, ...args] }));
    child.stdin.end(options.stdin ?? '');
  });
}
