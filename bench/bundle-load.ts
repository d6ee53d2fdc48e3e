// Measures how long Node.js takes to load each packaged function bundle, over a bare `node -e 0`.
// Run: npx tsx bench/bundle-load.ts [runs]   (default 21 runs per variant)
//
// Method: `sls package` builds the bundles exactly as a deployment does. Each bundle is unzipped
// into a temporary directory and loaded in a fresh `node` process with `require()`. Every round
// runs a bare `node -e 0` and then each bundle once, so all of them see the same machine load.
// Each figure is the median wall time of a whole process (spawn to exit); the load time is the
// difference of the medians. The handler module builds its SDK clients and reads its
// configuration at load time, so the figure includes that work, as a Lambda cold start does.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageStack } from '../test/deploy/helpers/package-stack.js';
import { readZipEntries } from '../test/deploy/helpers/zip-entries.js';

const FUNCTION_KEYS = ['onParameterChange', 'onCommandStatus', 'checkStaleness'];
/** Budget for the load time over bare `node -e 0`, in milliseconds. */
const LOAD_BUDGET_MS = 50;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Runs `node` with the given arguments once and returns the wall time in milliseconds. */
function timeNode(args: string[], env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, stdio: 'pipe' });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(`node ${args.join(' ')} exited with ${result.status}: ${result.stderr.toString().slice(0, 2000)}`);
  }
  return elapsed;
}

interface Subject {
  functionKey: string;
  bundlePath: string;
  bundleBytes: number;
  env: NodeJS.ProcessEnv;
  loaded: number[];
}

/** Unzips a function's bundle into `workDir` and builds the environment its Lambda function gets. */
function prepare(stack: ReturnType<typeof packageStack>, functionKey: string, workDir: string): Subject {
  const [bundle] = readZipEntries(join(stack.dir, `${functionKey}.zip`)).filter((entry) => entry.name.endsWith('.cjs'));
  if (!bundle) throw new Error(`${functionKey}.zip contains no .cjs bundle.`);
  const bundlePath = join(workDir, `${functionKey}.cjs`);
  writeFileSync(bundlePath, bundle.content);

  const functionResource = stack.template.Resources[`${functionKey[0]!.toUpperCase()}${functionKey.slice(1)}LambdaFunction`];
  const variables = functionResource?.Properties?.Environment.Variables as Record<string, unknown>;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    ...Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, typeof value === 'string' ? value : ''])),
    ALERT_TOPIC_ARN: 'arn:aws:sns:eu-central-1:123456789012:hf-token-rotation-bench-alerts',
    AWS_REGION: 'eu-central-1',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    // The SDK prints a notice about the end of Node 20 support when a client is built on Node 20,
    // which costs 2 to 4 ms. Lambda runs these bundles on nodejs22.x, where it prints nothing.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // Loading sends no request; these keep any stray one on this machine all the same.
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    HUB_BASE_URL: 'http://127.0.0.1:9',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  return { functionKey, bundlePath, bundleBytes: bundle.content.length, env, loaded: [] };
}

/**
 * Stage parameters to measure. Without a response plan and an allow-list the bundles leave out
 * the Incident Manager and CloudTrail clients, so both configurations are measured.
 */
const CONFIGURATIONS: Array<{ label: string; params: Record<string, string> }> = [
  { label: 'default stage parameters', params: {} },
  {
    label: 'Incident Manager and the access check on',
    params: {
      incidentResponsePlanArn: 'arn:aws:ssm-incidents::123456789012:response-plan/bench',
      accessAllowedPrincipals: 'arn:aws:iam::123456789012:role/bench',
    },
  },
];

/** Measures the three bundles of one packaging and prints one table. */
function measure(label: string, params: Record<string, string>, runs: number): void {
  const stack = packageStack('bench', params);
  const workDir = mkdtempSync(join(tmpdir(), 'hf-token-bundle-load-'));
  try {
    const subjects = FUNCTION_KEYS.map((functionKey) => prepare(stack, functionKey, workDir));
    const bare: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      bare.push(timeNode(['-e', '0'], subjects[0]!.env));
      for (const subject of subjects) subject.loaded.push(timeNode(['-e', `require(${JSON.stringify(subject.bundlePath)})`], subject.env));
    }

    console.log('');
    console.log(`${label}:`);
    console.log('');
    console.log('| function | bundle | `node -e 0` | `node -e require(bundle)` | load time | budget |');
    console.log('|---|---|---|---|---|---|');
    for (const subject of subjects) {
      const loadMs = median(subject.loaded) - median(bare);
      console.log(
        `| ${subject.functionKey} | ${(subject.bundleBytes / 1024).toFixed(0)} KB | ${median(bare).toFixed(1)} ms | ${median(subject.loaded).toFixed(1)} ms | ${loadMs.toFixed(1)} ms | ${loadMs <= LOAD_BUDGET_MS ? 'within' : 'over'} ${LOAD_BUDGET_MS} ms |`,
      );
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
    stack.remove();
  }
}

function main(): void {
  const runs = Number(process.argv[2] ?? 21);
  if (!Number.isInteger(runs) || runs < 3) throw new Error(`Runs must be a whole number of at least 3, got "${process.argv[2]}".`);

  console.log(`Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), ${runs} runs per variant, medians`);
  for (const { label, params } of CONFIGURATIONS) measure(label, params, runs);
}

main();
