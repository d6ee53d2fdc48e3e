// How refresh-token.sh rewrites real-world .env files, under dash and under bash --posix: every
// other byte stays, the token line takes the new value, and compose v2 (the fleet's parser) reads
// the exact token back. Each case runs in its own sandbox, so the cases run concurrently.
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, type ExpectStatic } from 'vitest';
import { parseDotenv } from '../../local/fleet/dotenv.mjs';
import { fingerprintOf, generateTestToken } from '../helpers/token.js';
import { expectNoLeak, expectResultContract } from './expectations.js';
import { createSandbox, SHELLS, TOKEN_PARAMETER, type Sandbox, type ShellName } from './sandbox.js';

interface RewriteCase {
  name: string;
  before: string;
  /** Expected file content for the new line's text `KEY=<value>` as the script renders it. */
  after: (token: string) => string;
}

const BOM = '\uFEFF';

const REWRITE_CASES: RewriteCase[] = [
  {
    name: 'plain line among others',
    before: '# settings\nA=1\nHF_TOKEN=old\nB=two words\n',
    after: (token) => `# settings\nA=1\nHF_TOKEN=${token}\nB=two words\n`,
  },
  { name: 'CRLF line endings', before: 'A=1\r\nHF_TOKEN=old\r\nB=2\r\n', after: (token) => `A=1\r\nHF_TOKEN=${token}\r\nB=2\r\n` },
  { name: 'byte-order mark on the key line', before: `${BOM}HF_TOKEN=old\nB=2\n`, after: (token) => `${BOM}HF_TOKEN=${token}\nB=2\n` },
  { name: 'byte-order mark on another line', before: `${BOM}A=1\nHF_TOKEN=old\n`, after: (token) => `${BOM}A=1\nHF_TOKEN=${token}\n` },
  { name: 'no final newline, key last', before: 'A=1\nHF_TOKEN=old', after: (token) => `A=1\nHF_TOKEN=${token}` },
  { name: 'no final newline, key first', before: 'HF_TOKEN=old\nA=1', after: (token) => `HF_TOKEN=${token}\nA=1` },
  { name: 'double-quoted old value', before: 'HF_TOKEN="old value"\nA=1\n', after: (token) => `HF_TOKEN=${token}\nA=1\n` },
  { name: 'single-quoted old value', before: "HF_TOKEN='old'\nA=1\n", after: (token) => `HF_TOKEN=${token}\nA=1\n` },
  { name: 'spaces around =', before: 'HF_TOKEN = old\n', after: (token) => `HF_TOKEN = ${token}\n` },
  { name: 'export prefix', before: 'export HF_TOKEN=old\nexport A=1\n', after: (token) => `export HF_TOKEN=${token}\nexport A=1\n` },
  { name: 'indented line', before: '  HF_TOKEN=old\n', after: (token) => `  HF_TOKEN=${token}\n` },
  { name: 'yaml-style colon', before: 'HF_TOKEN: old\n', after: (token) => `HF_TOKEN: ${token}\n` },
  { name: 'inline comment dropped', before: 'HF_TOKEN=old # rotated by hand\nA=1\n', after: (token) => `HF_TOKEN=${token}\nA=1\n` },
  { name: 'key missing', before: 'A=1\n', after: (token) => `A=1\nHF_TOKEN=${token}\n` },
  { name: 'key missing, no final newline', before: 'A=1', after: (token) => `A=1\nHF_TOKEN=${token}\n` },
  { name: 'key missing, CRLF', before: 'A=1\r\n', after: (token) => `A=1\r\nHF_TOKEN=${token}\r\n` },
  { name: 'empty file', before: '', after: (token) => `HF_TOKEN=${token}\n` },
  { name: 'key duplicated', before: 'HF_TOKEN=a\nX=1\nHF_TOKEN=b\n', after: (token) => `HF_TOKEN=${token}\nX=1\n` },
  { name: 'key duplicated at the end', before: 'HF_TOKEN=a\nX=1\nexport HF_TOKEN=b', after: (token) => `HF_TOKEN=${token}\nX=1\n` },
  {
    name: 'multi-line old value',
    before: "HF_TOKEN='first\nsecond'\nA=1\n",
    after: (token) => `HF_TOKEN=${token}\nA=1\n`,
  },
  {
    name: 'assignment text inside another value',
    before: "NOTE='first\nHF_TOKEN=not-a-line\n'\nHF_TOKEN=old\n",
    after: (token) => `NOTE='first\nHF_TOKEN=not-a-line\n'\nHF_TOKEN=${token}\n`,
  },
  {
    name: 'escaped quote inside another value',
    before: 'NOTE="say \\"hi\nHF_TOKEN=inside\\""\nHF_TOKEN=old\n',
    after: (token) => `NOTE="say \\"hi\nHF_TOKEN=inside\\""\nHF_TOKEN=${token}\n`,
  },
  {
    name: 'commented and similar keys',
    before: '# HF_TOKEN=commented\nHF_TOKEN_OLD=x\nMY_HF_TOKEN=y\nHF_TOKEN=old\n',
    after: (token) => `# HF_TOKEN=commented\nHF_TOKEN_OLD=x\nMY_HF_TOKEN=y\nHF_TOKEN=${token}\n`,
  },
  {
    name: 'values with $ and quotes elsewhere',
    before: "PASSWORD='p$ss'\nURL=\"http://x/?a=1&b=2\"\nHF_TOKEN=old\nEMPTY=\n",
    after: (token) => `PASSWORD='p$ss'\nURL="http://x/?a=1&b=2"\nHF_TOKEN=${token}\nEMPTY=\n`,
  },
];

interface ValueCase {
  name: string;
  suffix: string;
}

/** Values that need single quotes; each is appended to a generated token. */
const VALUE_CASES: ValueCase[] = [
  { name: 'ampersand', suffix: '&x' },
  { name: 'slash', suffix: '/x' },
  { name: 'backslash inside', suffix: '\\x' },
  { name: 'dollar sign', suffix: '$HOME' },
  { name: 'dollar brace', suffix: '${HF_TOKEN}' },
  { name: 'hash after space', suffix: ' #x' },
  { name: 'double quote', suffix: '"x' },
  { name: 'sed and awk metacharacters', suffix: '|\\1&*.[]^' },
  { name: 'non-ASCII letters', suffix: 'äöü' },
];

/** Runs one apply in a fresh sandbox under the shell and checks the common outcome. */
async function applyInSandbox(
  expect: ExpectStatic,
  shell: ShellName,
  envContent: string,
  token: string,
  check: (sandbox: Sandbox) => Promise<void> | void,
): Promise<void> {
  const sandbox = await createSandbox({ envContent });
  try {
    sandbox.ssm.putVersion(TOKEN_PARAMETER, token);
    const run = await sandbox.run({ TOKEN_VERSION: '1' }, { shell });
    expectResultContract(run, expect);
    expect(run.result?.status, `${run.stdout}\n${run.stderr}`).toBe('applied');
    expect(await sandbox.runningFingerprint()).toBe(fingerprintOf(token));
    expect(fs.readdirSync(sandbox.layout.projectDir)).toEqual(['.env']);
    expectNoLeak(sandbox, token, [run], { expect });
    await check(sandbox);
  } finally {
    await sandbox.close();
  }
}

describe.each(Object.keys(SHELLS) as ShellName[])('refresh-token.sh .env rewrite under %s', (shell) => {
  it.concurrent.for(REWRITE_CASES)('$name', async ({ before, after }, { expect }) => {
    const token = generateTestToken();

    await applyInSandbox(expect, shell, before, token, (sandbox) => {
      const content = fs.readFileSync(sandbox.layout.envFile, 'utf8');
      expect(content).toBe(after(token));
      expect(parseDotenv(content).HF_TOKEN).toBe(token);
      expect(fs.readFileSync(sandbox.backupPath, 'utf8')).toBe(before);
    });
  });

  it.concurrent.for(VALUE_CASES)('value with $name', async ({ suffix }, { expect }) => {
    const value = `${generateTestToken()}${suffix}`;

    await applyInSandbox(expect, shell, 'A=1\nHF_TOKEN=old\nB=2\n', value, (sandbox) => {
      const content = fs.readFileSync(sandbox.layout.envFile, 'utf8');
      expect(content).toBe(`A=1\nHF_TOKEN='${value}'\nB=2\n`);
      expect(parseDotenv(content)).toEqual({ A: '1', HF_TOKEN: value, B: '2' });
    });
  });

  it.concurrent('symlinked .env keeps the link', async ({ expect }) => {
    const token = generateTestToken();
    const sandbox = await createSandbox();
    try {
      const configDir = path.join(sandbox.root, 'config');
      const target = path.join(configDir, 'whisperx.env');
      fs.mkdirSync(configDir);
      fs.renameSync(sandbox.layout.envFile, target);
      fs.symlinkSync('../../config/whisperx.env', sandbox.layout.envFile);
      sandbox.ssm.putVersion(TOKEN_PARAMETER, token);

      const run = await sandbox.run({ TOKEN_VERSION: '1' }, { shell });

      expect(run.result?.status, `${run.stdout}\n${run.stderr}`).toBe('applied');
      expect(fs.lstatSync(sandbox.layout.envFile).isSymbolicLink()).toBe(true);
      expect(fs.readlinkSync(sandbox.layout.envFile)).toBe('../../config/whisperx.env');
      expect(parseDotenv(fs.readFileSync(target, 'utf8')).HF_TOKEN).toBe(token);
      expect(fs.readdirSync(configDir)).toEqual(['whisperx.env']);
      expect(await sandbox.runningFingerprint()).toBe(fingerprintOf(token));
      expectNoLeak(sandbox, token, [run], { allowedFiles: [target], expect });
    } finally {
      await sandbox.close();
    }
  });

  it.concurrent('mode and owner are kept', async ({ expect, skip }) => {
    if (process.getuid?.() !== 0) skip('changing the owner of the .env needs root');
    const sandbox = await createSandbox();
    try {
      fs.chownSync(sandbox.layout.envFile, 1234, 2345);
      fs.chmodSync(sandbox.layout.envFile, 0o640);
      sandbox.ssm.putVersion(TOKEN_PARAMETER, generateTestToken());

      const run = await sandbox.run({ TOKEN_VERSION: '1' }, { shell });

      expect(run.result?.status, `${run.stdout}\n${run.stderr}`).toBe('applied');
      const stat = fs.statSync(sandbox.layout.envFile);
      expect(stat.mode & 0o7777).toBe(0o640);
      expect(stat.uid).toBe(1234);
      expect(stat.gid).toBe(2345);
    } finally {
      await sandbox.close();
    }
  });

  it.concurrent('backup is the old file, mode 0600', async ({ expect }) => {
    const sandbox = await createSandbox();
    try {
      fs.chmodSync(sandbox.layout.envFile, 0o644);
      const before = fs.readFileSync(sandbox.layout.envFile);
      sandbox.ssm.putVersion(TOKEN_PARAMETER, generateTestToken());
      sandbox.ssm.putVersion(TOKEN_PARAMETER, generateTestToken());
      await sandbox.run({ TOKEN_VERSION: '1' }, { shell });
      const afterFirst = fs.readFileSync(sandbox.layout.envFile);

      const run = await sandbox.run({ TOKEN_VERSION: '2' }, { shell });

      expect(run.result?.status, `${run.stdout}\n${run.stderr}`).toBe('applied');
      expect(fs.readFileSync(sandbox.backupPath).equals(afterFirst)).toBe(true);
      expect(fs.readFileSync(sandbox.backupPath).equals(before)).toBe(false);
      expect(fs.statSync(sandbox.backupPath).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(sandbox.layout.stateDir).sort()).toEqual(['env.backup', 'lock', 'state']);
    } finally {
      await sandbox.close();
    }
  });
});
