// refresh-token.sh on the hosts and .env files it meets in practice, one table row per case, each
// run under dash and under bash --posix in a sandbox of its own. Every row also checks the output
// contract, the leak scan and the inventory report: one report after each run that fetched the
// version, none before.
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, type ExpectStatic } from 'vitest';
import { readArgvLog } from '../../local/fleet/argv-log.mjs';
import type { InstanceFaults } from '../../local/fleet/instance-config.mjs';
import { STANDIN_BIN_DIR } from '../../local/fleet/instance-layout.js';
import { fingerprintOf, generateTestToken } from '../helpers/token.js';
import { expectNoLeak, expectResultContract, inventoryReports } from './expectations.js';
import { createSandbox, SHELLS, TOKEN_PARAMETER, type RunOptions, type Sandbox, type ScriptResult, type ScriptRun, type ShellName } from './sandbox.js';
import { createToolDir } from './tool-dir.js';

const BOM = '\uFEFF';
const DEFAULT_ENV = 'A=1\nHF_TOKEN=old\nB=2\n';

/** What a row's arrange step may change about the run. */
interface Arrangement {
  run?: RunOptions;
  /** Files besides the .env and its backup that may hold the token (a symlink's target). */
  allowedFiles?: string[];
}

interface HostCase {
  name: string;
  /** .env content before the run (default DEFAULT_ENV); null removes the file. */
  envBefore?: string | null;
  /** Stored parameter value for the generated token (default: the token itself). */
  value?: (token: string) => string;
  faults?: InstanceFaults;
  inputs?: Record<string, string>;
  arrange?: (sandbox: Sandbox, value: string) => Arrangement | Promise<Arrangement>;
  status: ScriptResult['status'];
  step?: string;
  /** Text the result message contains. */
  message?: string;
  /** .env content after the run; 'unchanged' means byte for byte as before. */
  envAfter?: 'unchanged' | ((value: string) => string);
  /** Further checks of this row. */
  check?: (context: { sandbox: Sandbox; run: ScriptRun; value: string; expect: ExpectStatic }) => void | Promise<void>;
}

/** The value with the single quotes that the script adds around values that need them. */
const quoted = (value: string): string => `'${value}'`;

function toolDir(sandbox: Sandbox, name: string, options: Parameters<typeof createToolDir>[1] = {}): string {
  return createToolDir(path.join(sandbox.root, name), options);
}

const HOST_CASES: HostCase[] = [
  // .env files as people write them
  { name: 'CRLF line endings', envBefore: 'A=1\r\nHF_TOKEN=old\r\nB=2\r\n', status: 'applied', envAfter: (v) => `A=1\r\nHF_TOKEN=${v}\r\nB=2\r\n` },
  { name: 'byte-order mark', envBefore: `${BOM}HF_TOKEN=old\nB=2\n`, status: 'applied', envAfter: (v) => `${BOM}HF_TOKEN=${v}\nB=2\n` },
  { name: 'no final newline', envBefore: 'A=1\nHF_TOKEN=old', status: 'applied', envAfter: (v) => `A=1\nHF_TOKEN=${v}` },
  { name: 'export prefix', envBefore: 'export HF_TOKEN=old\nexport A=1\n', status: 'applied', envAfter: (v) => `export HF_TOKEN=${v}\nexport A=1\n` },
  { name: 'single-quoted old value', envBefore: "HF_TOKEN='old'\nA=1\n", status: 'applied', envAfter: (v) => `HF_TOKEN=${v}\nA=1\n` },
  { name: 'double-quoted old value', envBefore: 'HF_TOKEN="old"\nA=1\n', status: 'applied', envAfter: (v) => `HF_TOKEN=${v}\nA=1\n` },
  {
    name: 'comments and blank lines',
    envBefore: '# WhisperX API\n\nA=1\n\n# token for the gated models\nHF_TOKEN=old\n\n# end\n',
    status: 'applied',
    envAfter: (v) => `# WhisperX API\n\nA=1\n\n# token for the gated models\nHF_TOKEN=${v}\n\n# end\n`,
  },
  { name: 'spaces around =', envBefore: 'HF_TOKEN = old\nA=1\n', status: 'applied', envAfter: (v) => `HF_TOKEN = ${v}\nA=1\n` },
  { name: 'key missing', envBefore: 'A=1\n', status: 'applied', envAfter: (v) => `A=1\nHF_TOKEN=${v}\n` },
  { name: 'key duplicated', envBefore: 'HF_TOKEN=a\nB=1\nHF_TOKEN=b\n', status: 'applied', envAfter: (v) => `HF_TOKEN=${v}\nB=1\n` },

  // values that need quotes, and values a .env cannot hold
  { name: 'value with &', value: (t) => `${t}&x`, status: 'applied', envAfter: (v) => `A=1\nHF_TOKEN=${quoted(v)}\nB=2\n` },
  { name: 'value with /', value: (t) => `${t}/x`, status: 'applied', envAfter: (v) => `A=1\nHF_TOKEN=${quoted(v)}\nB=2\n` },
  { name: 'value with \\', value: (t) => `${t}\\x`, status: 'applied', envAfter: (v) => `A=1\nHF_TOKEN=${quoted(v)}\nB=2\n` },
  { name: 'value with $', value: (t) => `${t}$HOME`, status: 'applied', envAfter: (v) => `A=1\nHF_TOKEN=${quoted(v)}\nB=2\n` },
  { name: 'single quote rejected', value: (t) => `${t}'x`, status: 'failed', step: 'validate', message: 'single quote', envAfter: 'unchanged' },
  { name: 'newline rejected', value: (t) => `${t}\nx`, status: 'failed', step: 'validate', message: 'line break', envAfter: 'unchanged' },
  { name: 'NUL rejected', value: (t) => `${t}\u0000x`, status: 'failed', step: 'validate', message: 'control character', envAfter: 'unchanged' },

  // the file itself
  {
    name: 'symlinked .env',
    status: 'applied',
    arrange: (sandbox) => {
      const target = path.join(sandbox.root, 'config', 'whisperx.env');
      fs.mkdirSync(path.dirname(target));
      fs.renameSync(sandbox.layout.envFile, target);
      fs.symlinkSync('../../config/whisperx.env', sandbox.layout.envFile);
      return { allowedFiles: [target] };
    },
    check: ({ sandbox, value, expect }) => {
      expect(fs.lstatSync(sandbox.layout.envFile).isSymbolicLink()).toBe(true);
      expect(fs.readlinkSync(sandbox.layout.envFile)).toBe('../../config/whisperx.env');
      expect(fs.readFileSync(sandbox.layout.envFile, 'utf8')).toBe(`A=1\nHF_TOKEN=${value}\nB=2\n`);
      expect(fs.readdirSync(path.join(sandbox.root, 'config'))).toEqual(['whisperx.env']);
    },
  },
  {
    name: 'mode and owner kept',
    status: 'applied',
    arrange: (sandbox) => {
      fs.chownSync(sandbox.layout.envFile, 1234, 2345);
      fs.chmodSync(sandbox.layout.envFile, 0o640);
      return {};
    },
    check: ({ sandbox, expect }) => {
      const stat = fs.statSync(sandbox.layout.envFile);
      expect(stat.mode & 0o7777).toBe(0o640);
      expect(stat.uid).toBe(1234);
      expect(stat.gid).toBe(2345);
    },
  },
  {
    name: 'new file 0600 root',
    envBefore: null,
    status: 'applied',
    envAfter: (v) => `HF_TOKEN=${v}\n`,
    check: ({ sandbox, expect }) => {
      const stat = fs.statSync(sandbox.layout.envFile);
      expect(stat.mode & 0o777).toBe(0o600);
      expect(stat.uid).toBe(0);
      expect(stat.gid).toBe(0);
      expect(fs.existsSync(sandbox.backupPath)).toBe(false);
    },
  },
  {
    name: 'backup 0600 and replaced',
    status: 'applied',
    arrange: async (sandbox) => {
      fs.chmodSync(sandbox.layout.envFile, 0o644);
      fs.writeFileSync(sandbox.backupPath, 'STALE=backup of another run\n', { mode: 0o644 });
      return {};
    },
    check: ({ sandbox, expect }) => {
      expect(fs.readFileSync(sandbox.backupPath, 'utf8')).toBe(DEFAULT_ENV);
      expect(fs.statSync(sandbox.backupPath).mode & 0o777).toBe(0o600);
      expect(fs.statSync(sandbox.layout.envFile).mode & 0o777).toBe(0o644);
    },
  },

  // tools on the host
  {
    name: 'missing aws fails tools',
    status: 'failed',
    step: 'tools',
    message: ' aws',
    envAfter: 'unchanged',
    arrange: (sandbox) => ({ run: { path: toolDir(sandbox, 'tools', { omit: ['aws'] }) } }),
    check: ({ sandbox, expect }) => expect(sandbox.ssm.requests).toEqual([]),
  },
  {
    name: 'missing compose plugin uses v1',
    faults: { composePluginMissing: true },
    status: 'applied',
    check: ({ sandbox, expect }) => {
      const up = sandbox.argvLog().filter((entry) => entry.argv.includes('up'));
      expect(up.map((entry) => entry.program)).toEqual(['docker-compose']);
    },
  },
  {
    name: 'v1 refuses a value needing quotes',
    faults: { composePluginMissing: true },
    value: (t) => `${t}&x`,
    status: 'failed',
    step: 'validate',
    message: 'docker-compose v1',
    envAfter: 'unchanged',
  },
  {
    name: 'PATH without /usr/local/bin',
    status: 'applied',
    arrange: (sandbox) => {
      // The shim records the PATH the script hands to its tools.
      const pathLog = path.join(sandbox.root, 'path.log');
      const dir = toolDir(sandbox, 'tools', { shims: { aws: `printf '%s\\n' "$PATH" >>'${pathLog}'\nexec "$REAL" "$@"` } });
      return { run: { path: dir, unset: ['FALLBACK_PATH'] } };
    },
    check: ({ sandbox, expect }) => {
      const paths = fs.readFileSync(path.join(sandbox.root, 'path.log'), 'utf8').trim().split('\n');
      expect(paths[0]).toBe(`${path.join(sandbox.root, 'tools')}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/snap/bin`);
    },
  },
  {
    name: 'aws only in a fallback directory',
    status: 'applied',
    arrange: (sandbox) => {
      const fallbackDir = path.join(sandbox.root, 'usr-local-bin');
      fs.mkdirSync(fallbackDir);
      fs.symlinkSync(path.join(STANDIN_BIN_DIR, 'aws'), path.join(fallbackDir, 'aws'));
      return { run: { path: toolDir(sandbox, 'tools', { omit: ['aws'] }), extraEnv: { FALLBACK_PATH: fallbackDir } } };
    },
  },
  {
    name: 'no HOME',
    status: 'applied',
    arrange: () => ({ run: { unset: ['HOME'] } }),
  },
  {
    name: 'region only in AWS_SSM_REGION_NAME',
    status: 'applied',
    arrange: () => ({ run: { unset: ['AWS_REGION', 'AWS_DEFAULT_REGION'], extraEnv: { AWS_SSM_REGION_NAME: 'eu-west-3' } } }),
    check: ({ sandbox, expect }) => {
      const awsCalls = readArgvLog(sandbox.layout.instanceDir).filter((entry) => entry.program === 'aws');
      expect(awsCalls.map((entry) => entry.argv.slice(0, 2).join(' '))).toEqual(['ssm get-parameter', 'ssm put-inventory']);
      for (const call of awsCalls) expect(call.argv.slice(-2)).toEqual(['--region', 'eu-west-3']);
    },
  },

  // AWS answers
  {
    name: 'no credentials fail fetch',
    inputs: { AWS_ACCESS_KEY_ID: '' },
    status: 'failed',
    step: 'fetch',
    message: 'attach an instance profile',
    envAfter: 'unchanged',
  },
  {
    name: 'access denied on parameter',
    arrange: (sandbox) => {
      sandbox.ssm.denyAll = true;
      return {};
    },
    status: 'failed',
    step: 'fetch',
    message: 'allow ssm:GetParameter',
    envAfter: 'unchanged',
  },
  {
    name: 'KMS access denied',
    arrange: (sandbox) => {
      sandbox.ssm.denyDecrypt = true;
      return {};
    },
    status: 'failed',
    step: 'fetch',
    message: 'allow kms:Decrypt',
    envAfter: 'unchanged',
  },
  {
    name: 'version not found',
    inputs: { TOKEN_VERSION: '7' },
    status: 'failed',
    step: 'fetch',
    message: 'ParameterVersionNotFound',
    envAfter: 'unchanged',
  },
];

/** Runs one row in a fresh sandbox and checks it. */
async function runHostCase(row: HostCase, shell: ShellName, expect: ExpectStatic, skip: (note: string) => void): Promise<void> {
  if (row.name === 'mode and owner kept' && process.getuid?.() !== 0) skip('changing the owner of the .env needs root');
  if (row.name === 'new file 0600 root' && process.getuid?.() !== 0) skip('the script runs as root; this run is not');
  const sandbox = await createSandbox({ envContent: row.envBefore ?? DEFAULT_ENV, faults: row.faults });
  try {
    if (row.envBefore === null) fs.rmSync(sandbox.layout.envFile);
    const value = (row.value ?? ((token: string) => token))(generateTestToken());
    sandbox.ssm.putVersion(TOKEN_PARAMETER, value);
    const arrangement = (await row.arrange?.(sandbox, value)) ?? {};
    const envBefore = fs.existsSync(sandbox.layout.envFile) ? fs.readFileSync(sandbox.layout.envFile) : undefined;

    const run = await sandbox.run({ TOKEN_VERSION: '1', ...row.inputs }, { ...arrangement.run, shell });

    const details = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
    expectResultContract(run, expect);
    expect(run.result?.status, details).toBe(row.status);
    expect(run.result?.step, details).toBe(row.step);
    if (row.message !== undefined) expect(run.result?.message).toContain(row.message);
    if (row.envAfter === 'unchanged') {
      expect(fs.readFileSync(sandbox.layout.envFile).equals(envBefore!)).toBe(true);
      expect(sandbox.recreateCount()).toBe(0);
    } else if (row.envAfter !== undefined) {
      expect(fs.readFileSync(sandbox.layout.envFile, 'utf8')).toBe(row.envAfter(value));
    }
    if (row.status === 'applied') {
      expect(await sandbox.runningFingerprint()).toBe(fingerprintOf(value));
      expect(fs.readdirSync(sandbox.layout.projectDir)).toEqual(['.env']);
    }
    expectNoLeak(sandbox, value, [run], { allowedFiles: arrangement.allowedFiles, expect });

    const reports = inventoryReports(sandbox, expect);
    if (row.step === 'fetch' || row.step === 'tools' || row.step === 'input') {
      expect(reports).toEqual([]);
    } else {
      expect(reports).toHaveLength(1);
      expect(reports[0]?.Status).toBe(row.status);
      expect(reports[0]?.Version).toBe(row.status === 'applied' ? '1' : '');
      expect(reports[0]?.Fingerprint).toBe(row.status === 'applied' ? fingerprintOf(value) : '');
    }
    await row.check?.({ sandbox, run, value, expect });
  } finally {
    await sandbox.close();
  }
}

describe('refresh-token.sh host cases', () => {
  it('table has 25 or more cases', ({ expect }) => {
    expect(HOST_CASES.length).toBeGreaterThanOrEqual(25);
    expect(new Set(HOST_CASES.map((row) => row.name)).size).toBe(HOST_CASES.length);
  });
});

describe.each(Object.keys(SHELLS) as ShellName[])('refresh-token.sh host cases under %s', (shell) => {
  it.concurrent.for(HOST_CASES)('$name', async (row, { expect, skip }) => {
    await runHostCase(row, shell, expect, skip);
  });
});
