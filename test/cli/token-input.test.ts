import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../cli/errors.js';
import type { InputStream } from '../../cli/io.js';
import { MESSAGES } from '../../cli/messages.js';
import { readTokenFromStdin } from '../../cli/token/read-stdin.js';
import { tokenShapeProblems } from '../../cli/token/shape.js';
import { generateTestToken } from '../helpers/token.js';

const m = MESSAGES.en;

/** Creates a stdin that claims to be a TTY and records raw-mode switches. */
function fakeTty(): PassThrough & InputStream & { rawModes: boolean[] } {
  const stream = new PassThrough() as PassThrough & InputStream & { rawModes: boolean[] };
  stream.isTTY = true;
  stream.rawModes = [];
  stream.setRawMode = (mode: boolean) => {
    stream.rawModes.push(mode);
    return stream;
  };
  return stream;
}

async function readPiped(text: string): Promise<string> {
  return readTokenFromStdin(Readable.from([text]), m, () => {});
}

describe('readTokenFromStdin piped', () => {
  it('reads one line without its line break', async () => {
    const token = generateTestToken();

    expect(await readPiped(`${token}\n`)).toBe(token);
  });

  it('trims surrounding spaces and CRLF', async () => {
    const token = generateTestToken();

    expect(await readPiped(`  ${token}  \r\n`)).toBe(token);
  });

  it('rejects empty input', async () => {
    await expect(readPiped('\n')).rejects.toThrow(m.put.stdinEmpty);
  });

  it('rejects several lines', async () => {
    await expect(readPiped(`${generateTestToken()}\n${generateTestToken()}\n`)).rejects.toThrow(m.put.stdinManyLines(2));
  });
});

describe('readTokenFromStdin on a TTY', () => {
  it('reads the line in raw mode', async () => {
    const token = generateTestToken();
    const stdin = fakeTty();
    const prompts: string[] = [];

    const reading = readTokenFromStdin(stdin, m, (text) => prompts.push(text));
    stdin.write(`${token}\r`);
    const value = await reading;

    expect(value).toBe(token);
    expect(stdin.rawModes).toEqual([true, false]);
  });

  it('echoes nothing of the token', async () => {
    const token = generateTestToken();
    const stdin = fakeTty();
    const prompts: string[] = [];

    const reading = readTokenFromStdin(stdin, m, (text) => prompts.push(text));
    stdin.write(token);
    stdin.write('\r');
    await reading;

    expect(prompts.join('')).toBe(`${m.put.hiddenPrompt}\n`);
  });

  it('applies backspace', async () => {
    const token = generateTestToken();
    const stdin = fakeTty();

    const reading = readTokenFromStdin(stdin, m, () => {});
    stdin.write(`${token}x\u007f\r`);

    expect(await reading).toBe(token);
  });

  it('cancels on Ctrl-C', async () => {
    const stdin = fakeTty();

    const reading = readTokenFromStdin(stdin, m, () => {});
    stdin.write('hf_abc\u0003');

    await expect(reading).rejects.toBeInstanceOf(CliError);
    expect(stdin.rawModes).toEqual([true, false]);
  });
});

describe('tokenShapeProblems', () => {
  it('accepts a Hub-shaped token', () => {
    expect(tokenShapeProblems(generateTestToken())).toEqual([]);
  });

  it('names a missing prefix', () => {
    expect(tokenShapeProblems('a'.repeat(40))).toEqual(['prefix']);
  });

  it('names a short body', () => {
    expect(tokenShapeProblems(`hf_${'a'.repeat(29)}`)).toEqual(['length']);
  });

  it('names other characters', () => {
    expect(tokenShapeProblems(`hf_${'a'.repeat(33)}-`)).toEqual(['characters']);
  });
});
