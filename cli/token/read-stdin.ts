import { CliError } from '../errors.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { InputStream } from '../io.js';
import type { Messages } from '../messages.js';

/** Largest piped input accepted (bytes); a token is about 40, so more is the wrong input. */
const MAX_PIPED_BYTES = 64 * 1024;

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACE = '\u0008';
const DELETE = '\u007f';
const ESCAPE = '\u001b';

/**
 * Reads the token from standard input. On a TTY the terminal is put into raw mode, so the typed
 * or pasted token is not echoed. Piped input must contain exactly one non-empty line.
 */
export async function readTokenFromStdin(stdin: InputStream, m: Messages, prompt: (text: string) => void): Promise<string> {
  if (stdin.isTTY === true && typeof stdin.setRawMode === 'function') {
    prompt(m.put.hiddenPrompt);
    try {
      return await readHiddenLine(stdin, m);
    } finally {
      prompt('\n');
    }
  }
  return readPipedToken(stdin, m);
}

/** Reads piped input; surrounding whitespace and one trailing line break are removed. */
async function readPipedToken(stdin: InputStream, m: Messages): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_PIPED_BYTES) throw new CliError(m.put.stdinTooLarge(MAX_PIPED_BYTES), EXIT_CODES.failure);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length === 0) throw new CliError(m.put.stdinEmpty, EXIT_CODES.failure);
  if (lines.length > 1) throw new CliError(m.put.stdinManyLines(lines.length), EXIT_CODES.failure);
  return (lines[0] ?? '').trim();
}

/**
 * Reads one line in raw mode without echo. Enter or Ctrl-D ends the input, Backspace deletes,
 * Ctrl-C cancels, and escape sequences (arrow keys) are ignored.
 */
function readHiddenLine(stdin: InputStream, m: Messages): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (outcome: () => void): void => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      outcome();
    };
    const onData = (chunk: Buffer | string): void => {
      const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      // A chunk that starts with ESC is a key sequence such as an arrow key, not text.
      if (text.startsWith(ESCAPE)) return;
      for (const char of text) {
        if (char === CTRL_C) {
          finish(() => reject(new CliError(m.put.inputCancelled, EXIT_CODES.failure)));
          return;
        }
        if (char === '\r' || char === '\n' || char === CTRL_D) {
          const token = value.trim();
          finish(() => (token === '' ? reject(new CliError(m.put.stdinEmpty, EXIT_CODES.failure)) : resolve(token)));
          return;
        }
        if (char === BACKSPACE || char === DELETE) {
          value = value.slice(0, -1);
          continue;
        }
        if (char >= ' ') value += char;
      }
    };
    stdin.setRawMode?.(true);
    stdin.on('data', onData);
    stdin.resume();
  });
}
