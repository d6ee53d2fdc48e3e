import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const LAUNCHER = fileURLToPath(new URL('../../bin/hf-token', import.meta.url));

/**
 * Runs the operator CLI as a child process against the local stack (this process's
 * AWS_ENDPOINT_URL and fake credentials), passing each output line to `onLine` as it comes.
 * Resolves with the exit code. The child runs asynchronously, so the stack in this process keeps
 * handling the events the CLI's calls cause.
 */
export function runCli(args: string[], onLine: (line: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LAUNCHER, ...args], {
      env: { ...process.env, NO_COLOR: '1', LANG: process.env.LANG ?? 'C.UTF-8' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      });
      stream.on('end', () => {
        if (rest) onLine(rest);
      });
    }
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}
