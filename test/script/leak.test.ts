// The token never reaches a child process's argv, stdout, stderr or a file other than the .env
// and its backup. Every tool on the script's PATH is wrapped by a shim that logs its argv, so a
// value passed as an argument would show up in that log.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprintOf, generateTestToken } from '../helpers/token.js';
import { expectNoLeak, expectResultContract } from './expectations.js';
import { createSandbox, TOKEN_PARAMETER, type Sandbox, type ScriptRun } from './sandbox.js';
import { createToolDir } from './tool-dir.js';

describe('refresh-token.sh leak scan', () => {
  let sandbox: Sandbox;
  let spyLog: string;
  let toolDir: string;

  beforeEach(async () => {
    sandbox = await createSandbox();
    spyLog = path.join(sandbox.root, 'argv-spy.log');
    toolDir = createToolDir(path.join(sandbox.root, 'tools'), { argvSpyLog: spyLog });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  function spiedCalls(): string[] {
    return fs.readFileSync(spyLog, 'utf8').split('\n').filter((line) => line !== '');
  }

  it('apply, unchanged and rollback leak nothing', async () => {
    const first = generateTestToken();
    const second = generateTestToken();
    sandbox.ssm.putVersion(TOKEN_PARAMETER, first);
    sandbox.ssm.putVersion(TOKEN_PARAMETER, second);
    const runs: ScriptRun[] = [];

    runs.push(await sandbox.run({ TOKEN_VERSION: '1' }, { path: toolDir }));
    runs.push(await sandbox.run({ TOKEN_VERSION: '1' }, { path: toolDir }));
    const config = JSON.parse(fs.readFileSync(`${sandbox.layout.instanceDir}/instance.json`, 'utf8'));
    fs.writeFileSync(`${sandbox.layout.instanceDir}/instance.json`, JSON.stringify({ ...config, faults: { healthFailsAfterRecreate: 1 } }));
    runs.push(await sandbox.run({ TOKEN_VERSION: '2', HEALTH_TIMEOUT_SECONDS: '2' }, { path: toolDir }));

    expect(runs.map((run) => run.result?.status)).toEqual(['applied', 'unchanged', 'rolled_back']);
    runs.forEach((run) => expectResultContract(run));
    expect(await sandbox.runningFingerprint()).toBe(fingerprintOf(first));
    for (const token of [first, second]) {
      expectNoLeak(sandbox, token, runs);
      expect(spiedCalls().filter((call) => call.includes(token))).toEqual([]);
    }
  });

  it('spy log sees the tool calls', async () => {
    sandbox.ssm.putVersion(TOKEN_PARAMETER, generateTestToken());

    await sandbox.run({ TOKEN_VERSION: '1' }, { path: toolDir });

    const programs = new Set(spiedCalls().map((call) => call.split(' ')[0]));
    for (const program of ['aws', 'docker', 'awk', 'sha256sum', 'mktemp', 'mv', 'curl', 'flock']) {
      expect(programs.has(program), `${program} was not called through its shim`).toBe(true);
    }
  });

  it('rejected value leaks nothing', async () => {
    const token = generateTestToken();
    sandbox.ssm.putVersion(TOKEN_PARAMETER, `${token}'quoted`);

    const run = await sandbox.run({ TOKEN_VERSION: '1' }, { path: toolDir });

    expect(run.result?.step).toBe('validate');
    expectNoLeak(sandbox, token, [run]);
    expect(spiedCalls().filter((call) => call.includes(token))).toEqual([]);
  });
});
