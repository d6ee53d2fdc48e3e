// The stand-in docker, docker-compose and aws commands, called directly the way the refresh
// script calls them, including the calls they must reject.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntilListening } from '../../local/fleet/container.mjs';
import { STANDIN_BIN_DIR } from '../../local/fleet/instance-layout.js';
import { fingerprintOf, generateTestToken } from '../helpers/token.js';
import { createSandbox, TOKEN_PARAMETER, type Sandbox } from '../script/sandbox.js';

interface CliRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

describe('stand-in CLIs', () => {
  let sandbox: Sandbox;
  const token = generateTestToken();

  beforeAll(async () => {
    sandbox = await createSandbox();
    sandbox.ssm.putVersion(TOKEN_PARAMETER, token);
  });

  afterAll(async () => {
    await sandbox.close();
  });

  function environment(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      PATH: `${STANDIN_BIN_DIR}:/usr/bin:/bin`,
      SIM_INSTANCE_DIR: sandbox.layout.instanceDir,
      AWS_ENDPOINT_URL: sandbox.ssm.url,
      AWS_ACCESS_KEY_ID: 'AKIASTANDINTEST00000',
      AWS_SECRET_ACCESS_KEY: 'standin-test-secret-not-a-real-key',
      AWS_MAX_ATTEMPTS: '1',
      ...overrides,
    };
  }

  function runCli(program: string, args: string[], overrides: Record<string, string> = {}): Promise<CliRun> {
    return new Promise((resolve, reject) => {
      const child = spawn(path.join(STANDIN_BIN_DIR, program), args, { env: environment(overrides) });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
    });
  }

  const compose = (...args: string[]): string[] => ['compose', '--project-directory', sandbox.layout.projectDir, ...args];

  describe('docker compose', () => {
    it('version prints v2', async () => {
      const run = await runCli('docker', ['compose', 'version']);

      expect(run.exitCode).toBe(0);
      expect(run.stdout).toMatch(/^Docker Compose version v2\./);
    });

    it('docker-compose version prints v1', async () => {
      const run = await runCli('docker-compose', ['version']);

      expect(run.exitCode).toBe(0);
      expect(run.stdout).toMatch(/^docker-compose version 1\./);
    });

    it('restart is rejected and recorded', async () => {
      const run = await runCli('docker', compose('restart', 'whisperx_cuda'));

      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain('restart is rejected');
      expect(sandbox.argvLog().some((entry) => entry.argv.includes('restart'))).toBe(true);
    });

    it('other docker commands are rejected', async () => {
      const run = await runCli('docker', ['restart', 'whisperx-cuda']);

      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain("only 'docker compose' is simulated");
    });

    it('up needs -d', async () => {
      const run = await runCli('docker', compose('up', '--force-recreate', 'whisperx_cuda'));

      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain('only detached');
    });

    it('up rejects an unknown service', async () => {
      const run = await runCli('docker', compose('up', '-d', 'postgres'));

      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain('no such service: postgres');
    });

    it('up rejects an unreadable .env', async () => {
      const badEnv = path.join(sandbox.root, 'bad.env');
      fs.writeFileSync(badEnv, 'HF_TOKEN="unterminated\n');

      const run = await runCli('docker', compose('--env-file', badEnv, 'up', '-d', 'whisperx_cuda'));

      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain('unterminated quoted value');
      expect(await sandbox.runningFingerprint()).toBe(fingerprintOf('replace-me'));
    });

    it('up recreates with the parsed .env', async () => {
      const envFile = path.join(sandbox.root, 'quoted.env');
      fs.writeFileSync(envFile, "HF_TOKEN='quoted $value'\n");

      const run = await runCli('docker', compose('--env-file', envFile, 'up', '-d', '--timeout', '0', 'whisperx_cuda'));
      await waitUntilListening(sandbox.layout.port, 10_000);
      const printed = await runCli('docker', compose('exec', '-T', 'whisperx_cuda', 'printenv', 'HF_TOKEN'));

      expect(run.exitCode).toBe(0);
      expect(printed.exitCode).toBe(0);
      expect(printed.stdout).toBe('quoted $value\n');
    });

    it('printenv of an unset variable exits 1', async () => {
      const run = await runCli('docker', compose('exec', '-T', 'whisperx_cuda', 'printenv', 'NOT_SET_ANYWHERE'));

      expect(run.exitCode).toBe(1);
      expect(run.stdout).toBe('');
    });

    it('exec runs only printenv', async () => {
      const run = await runCli('docker', compose('exec', '-T', 'whisperx_cuda', 'sh', '-c', 'env'));

      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain('runs only "printenv NAME"');
    });
  });

  describe('aws', () => {
    const getParameter = (name: string, ...extra: string[]): string[] => [
      'ssm',
      'get-parameter',
      '--name',
      name,
      '--with-decryption',
      '--query',
      'Parameter.[Value,Version]',
      '--output',
      'text',
      '--region',
      'eu-central-1',
      ...extra,
    ];

    it('prints value and version as text', async () => {
      const run = await runCli('aws', getParameter(`${TOKEN_PARAMETER}:1`));

      expect(run.exitCode).toBe(0);
      expect(run.stdout).toBe(`${token}\t1\n`);
      expect(run.stderr).toBe('');
    });

    it('prints json without --output', async () => {
      const run = await runCli('aws', ['ssm', 'get-parameter', '--name', TOKEN_PARAMETER, '--query', 'Parameter.Version', '--region', 'eu-central-1']);

      expect(run.exitCode).toBe(0);
      expect(run.stdout).toBe('1\n');
    });

    it('service error exits 254', async () => {
      const run = await runCli('aws', getParameter(`${TOKEN_PARAMETER}:5`));

      expect(run.exitCode).toBe(254);
      expect(run.stderr).toBe(
        `\nAn error occurred (ParameterVersionNotFound) when calling the GetParameter operation: Version 5 of the parameter ${TOKEN_PARAMETER} does not exist.\n`,
      );
    });

    it('missing credentials exit 253', async () => {
      const run = await runCli('aws', getParameter(TOKEN_PARAMETER), { AWS_SECRET_ACCESS_KEY: '' });

      expect(run.exitCode).toBe(253);
      expect(run.stderr).toContain('Unable to locate credentials');
    });

    it('missing region exits 253', async () => {
      const run = await runCli('aws', ['ssm', 'get-parameter', '--name', TOKEN_PARAMETER]);

      expect(run.exitCode).toBe(253);
      expect(run.stderr).toContain('You must specify a region');
    });

    it('non-loopback endpoint is rejected', async () => {
      const run = await runCli('aws', getParameter(TOKEN_PARAMETER), { AWS_ENDPOINT_URL: 'https://ssm.eu-central-1.amazonaws.com' });

      expect(run.exitCode).toBe(253);
      expect(run.stderr).toContain('must be an http URL on 127.0.0.1 or localhost');
    });

    it('other commands exit 252', async () => {
      const run = await runCli('aws', ['ssm', 'put-parameter', '--name', TOKEN_PARAMETER]);

      expect(run.exitCode).toBe(252);
    });

    it('calls are recorded without values', async () => {
      const calls = sandbox.argvLog().filter((entry) => entry.program === 'aws');

      expect(calls.length).toBeGreaterThan(0);
      expect(JSON.stringify(calls)).not.toContain(token);
    });
  });
});
