// Builds a PATH directory for the script with exactly the tools a test wants. It contains the
// stand-ins, node (their interpreter) and symlinks to the system tools. A test can leave tools out,
// replace them by shims, or wrap all of them so that every call's argv is logged.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { STANDIN_BIN_DIR } from '../../local/fleet/instance-layout.js';

/** System tools the script calls, plus flock, which it uses when present. */
export const SYSTEM_TOOLS = [
  'curl', 'sha256sum', 'awk', 'sed', 'tr', 'cut', 'tail', 'wc', 'mktemp', 'stat', 'readlink', 'chmod',
  'chown', 'cp', 'mv', 'rm', 'mkdir', 'date', 'sleep', 'sync', 'cat', 'flock',
] as const;
const STANDINS = ['aws', 'docker', 'docker-compose'] as const;

export interface ToolDirOptions {
  /** Tools to leave out (system tools or stand-ins). */
  omit?: string[];
  /** Tools replaced by a shell script body; `$REAL` in the body is the real tool's path. */
  shims?: Record<string, string>;
  /** When set, every tool appends its argv (one line per call) to this file before it runs. */
  argvSpyLog?: string;
}

function realPath(tool: string): string {
  return execFileSync('sh', ['-c', `command -v "$1"`, 'sh', tool], { env: { PATH: '/usr/bin:/bin' }, encoding: 'utf8' }).trim();
}

/** Creates `dir` with the tools and returns it, ready to be the script's whole PATH. */
export function createToolDir(dir: string, options: ToolDirOptions = {}): string {
  fs.mkdirSync(dir, { recursive: true });
  const omit = new Set(options.omit ?? []);
  const tools: Array<[string, string]> = [
    ...SYSTEM_TOOLS.map((tool): [string, string] => [tool, realPath(tool)]),
    ...STANDINS.map((tool): [string, string] => [tool, path.join(STANDIN_BIN_DIR, tool)]),
  ];
  fs.symlinkSync(process.execPath, path.join(dir, 'node'));

  for (const [tool, real] of tools) {
    if (omit.has(tool)) continue;
    const target = path.join(dir, tool);
    const shim = options.shims?.[tool];
    if (shim === undefined && options.argvSpyLog === undefined) {
      fs.symlinkSync(real, target);
      continue;
    }
    const spy = options.argvSpyLog === undefined ? '' : `printf '%s\\n' "${tool} $*" >>'${options.argvSpyLog}'\n`;
    const body = shim ?? 'exec "$REAL" "$@"';
    fs.writeFileSync(target, `#!/bin/sh\n${spy}REAL='${real}'\n${body}\n`, { mode: 0o755 });
  }
  return dir;
}
