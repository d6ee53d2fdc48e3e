import { readFile, stat } from 'node:fs/promises';
import { DotenvError, parseDotenv } from '../../local/fleet/dotenv.mjs';
import { CliError } from '../errors.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { Messages } from '../messages.js';

/** Largest .env file read (bytes); compose projects keep a few dozen lines. */
const MAX_ENV_FILE_BYTES = 1024 * 1024;

/**
 * Reads one variable (HF_TOKEN by default) from a compose project's .env file as docker compose
 * v2 reads it: `export` prefix, single and double quotes, inline comments, `$` expansion and the
 * last assignment winning. `lookup` is the environment compose would consult for expansion.
 * Errors name the file and the line, never the line's text, because that text may be the token.
 */
export async function readTokenFromEnvFile(
  path: string,
  key: string,
  lookup: (name: string) => string | undefined,
  m: Messages,
): Promise<string> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new CliError(m.put.envFileNotAFile(path), EXIT_CODES.failure);
    if (info.size > MAX_ENV_FILE_BYTES) throw new CliError(m.put.envFileTooLarge(path, MAX_ENV_FILE_BYTES), EXIT_CODES.failure);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as { code?: string }).code ?? 'EIO';
    if (code === 'ENOENT') throw new CliError(m.put.envFileNotFound(path), EXIT_CODES.failure);
    throw new CliError(m.put.envFileUnreadable(path, code), EXIT_CODES.failure);
  }

  let values: Record<string, string>;
  try {
    values = parseDotenv(text, lookup);
  } catch (error) {
    // Neither message is passed on: both can quote the offending line, which may hold the token.
    if (error instanceof DotenvError) throw new CliError(m.put.envFileSyntax(path, error.line), EXIT_CODES.failure);
    throw new CliError(m.put.envFileExpansion(path), EXIT_CODES.failure);
  }

  const value = values[key];
  if (value === undefined) throw new CliError(m.put.envFileMissingKey(path, key), EXIT_CODES.failure);
  if (value.trim() === '') throw new CliError(m.put.envFileEmptyKey(path, key), EXIT_CODES.failure);
  return value.trim();
}
