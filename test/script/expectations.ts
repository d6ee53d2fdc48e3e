// Checks that every script run must pass, whatever its outcome.
import path from 'node:path';
import { expect as globalExpect, type ExpectStatic } from 'vitest';
import { scanFiles, scanTexts } from '../helpers/leak-scan.js';
import { RESULT_PREFIX, type Sandbox, type ScriptRun } from './sandbox.js';

/** CaptureTime as PutInventory takes it: UTC to the second. */
const CAPTURE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** ListCommandInvocations keeps 2,500 characters; the script promises less than 2,000. */
const MAX_STDOUT_CHARS = 2000;

/**
 * Checks the output contract: the result line is the last line of stdout, stdout stays under
 * 2,000 characters, and the exit status is 0 exactly for applied and unchanged.
 */
export function expectResultContract(run: ScriptRun, expect: ExpectStatic = globalExpect): void {
  const lines = run.stdout.replace(/\n$/, '').split('\n');
  expect(lines[lines.length - 1]?.startsWith(RESULT_PREFIX), `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(true);
  expect(run.stdout.length).toBeLessThan(MAX_STDOUT_CHARS);
  expect(run.result).toBeDefined();
  const succeeded = run.result?.status === 'applied' || run.result?.status === 'unchanged';
  expect(run.exitCode).toBe(succeeded ? 0 : 1);
}

/**
 * Checks that the token appears in no captured output, in no argv log and in no file under the
 * sandbox except the .env (or the file a symlinked .env points to) and its one backup.
 */
export function expectNoLeak(
  sandbox: Sandbox,
  token: string,
  runs: ScriptRun[],
  options: { allowedFiles?: string[]; expect?: ExpectStatic } = {},
): void {
  const expect = options.expect ?? globalExpect;
  const texts: Record<string, string> = {};
  runs.forEach((run, index) => {
    texts[`run ${index} stdout`] = run.stdout;
    texts[`run ${index} stderr`] = run.stderr;
  });
  texts['argv log'] = JSON.stringify(sandbox.argvLog());
  expect(scanTexts(token, texts)).toEqual([]);

  const allowed = new Set([sandbox.layout.envFile, sandbox.backupPath, ...(options.allowedFiles ?? [])].map((file) => path.resolve(file)));
  expect(scanFiles(token, sandbox.root, (file) => allowed.has(file))).toEqual([]);
}

/**
 * Returns the Content entry of every inventory report the sandbox's instance sent to the fake
 * endpoint, oldest first, after checking the item's form: one Custom:HfTokenRotation item,
 * schema 1.0, a UTC capture time and one entry with exactly the five attributes.
 */
export function inventoryReports(sandbox: Sandbox, expect: ExpectStatic = globalExpect): Array<Record<string, string>> {
  const reports = sandbox.ssm.inventory.get(sandbox.layout.instanceId) ?? [];
  return reports.map((items) => {
    expect(items).toHaveLength(1);
    const item = items[0]!;
    expect(item.TypeName).toBe('Custom:HfTokenRotation');
    expect(item.SchemaVersion).toBe('1.0');
    expect(item.CaptureTime).toMatch(CAPTURE_TIME);
    expect(item.Content).toHaveLength(1);
    const entry = item.Content![0]!;
    expect(Object.keys(entry).sort()).toEqual(['AppliedAt', 'Fingerprint', 'Parameter', 'Status', 'Version']);
    return entry;
  });
}
