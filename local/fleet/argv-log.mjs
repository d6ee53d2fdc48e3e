// Records every stand-in CLI call so that tests can prove which commands ran and that no
// argument ever carried the token.
import fs from 'node:fs';
import path from 'node:path';
import { ARGV_LOG_FILE } from './instance-config.mjs';

/**
 * One recorded call.
 * @typedef {object} ArgvLogEntry
 * @property {string} time ISO 8601 time of the call
 * @property {string} program `docker`, `docker-compose` or `aws`
 * @property {string[]} argv arguments after the program name
 */

/**
 * Appends one JSON line for a call to `<instanceDir>/argv.log`.
 * @param {string} instanceDir
 * @param {string} program
 * @param {string[]} argv
 */
export function recordArgv(instanceDir, program, argv) {
  const entry = { time: new Date().toISOString(), program, argv };
  fs.appendFileSync(path.join(instanceDir, ARGV_LOG_FILE), `${JSON.stringify(entry)}\n`);
}

/**
 * Reads every recorded call of an instance, oldest first (empty when nothing ran yet).
 * @param {string} instanceDir
 * @returns {ArgvLogEntry[]}
 */
export function readArgvLog(instanceDir) {
  const file = path.join(instanceDir, ARGV_LOG_FILE);
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}
