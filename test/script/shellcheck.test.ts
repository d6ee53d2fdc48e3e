// shellcheck over the refresh script as a file and as the SSM document runs it (with the
// prologue that copies each SSM_<name> variable). Skipped, with a printed reason, on machines
// without shellcheck.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRefreshDocument } from '../../documents/refresh-token-document.cjs';
import { SCRIPT_PATH } from './sandbox.js';

const shellcheckPath = spawnSync('sh', ['-c', 'command -v shellcheck'], { encoding: 'utf8' }).stdout.trim();

if (shellcheckPath === '') {
  console.warn('shellcheck tests skipped: shellcheck is not on PATH (install it with apt-get install shellcheck)');
}

function shellcheck(file: string): { status: number | null; output: string } {
  const result = spawnSync(shellcheckPath, ['--shell=sh', '--severity=style', file], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe.skipIf(shellcheckPath === '')('refresh-token.sh shellcheck', () => {
  it('script file is clean', () => {
    const { status, output } = shellcheck(SCRIPT_PATH);

    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('document runCommand is clean', () => {
    const document = buildRefreshDocument();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-refresh-shellcheck-'));
    const file = path.join(dir, '_script.sh');
    try {
      fs.writeFileSync(file, `#!/bin/sh\n${document.mainSteps[0]!.inputs.runCommand.join('\n')}\n`);

      const { status, output } = shellcheck(file);

      expect(output).toBe('');
      expect(status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
