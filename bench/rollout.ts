// Rollout benchmark: API calls, handler time and memory of one rollout on 10 to 5,000 simulated
// instances, against a naive baseline in the same run. Instance work is stubbed (bench/fast-agent.ts).
// Time is simulated (bench/virtual-clock.ts). During the service's rollout one simulated second
// passes per real millisecond, and during the baseline the poller itself advances the clock by its
// 5-second interval. Call counts are therefore those of real time.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildRefreshDocument } from '../documents/refresh-token-document.cjs';
import { startServiceStack, type ServiceStack } from '../local/stack.js';
import { generateToken } from '../local/tokens.js';
import { FastAgent } from './fast-agent.js';
import { naiveRollout } from './naive-baseline.js';
import { VirtualClock } from './virtual-clock.js';

const INSTANCE_SECONDS = 60;
const POLL_SECONDS = 5;
const SIZES = (process.env.BENCH_SIZES ?? '10,100,1000,5000').split(',').map(Number);

interface PhaseCalls {
  handler: string;
  calls: Record<string, number>;
  total: number;
}

export interface RolloutFigures {
  size: number;
  phases: PhaseCalls[];
  serviceCalls: number;
  maxPhaseCalls: number;
  phaseBudget: number;
  handlerMs: number;
  slowInstancesHandlerMs: number;
  peakRssMb: number;
  baselineCalls: number;
  ratio: number;
}

export async function runRolloutBench(log: (line: string) => void = console.log): Promise<RolloutFigures[]> {
  const clock = new VirtualClock();
  const agent = new FastAgent(clock);
  const phases: Array<{ handler: string; from: number; to: number; ms: number }> = [];
  const stack = await startServiceStack({
    agent,
    serviceEnv: { MAX_CONCURRENCY: '10%', CANARY_SIZE: '1' },
    wrapTarget: async (rule, invoke) => {
      const from = stack.aws.calls().length;
      const start = performance.now();
      try {
        return await invoke();
      } finally {
        phases.push({ handler: rule, from, to: stack.aws.calls().length, ms: performance.now() - start });
      }
    },
  });

  // The baseline sends its own copy of the document, so the service's rule ignores its commands.
  const baselineDocument = 'naive-RefreshToken';
  stack.aws.createDocument(baselineDocument, buildRefreshDocument());

  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 25);

  const figures: RolloutFigures[] = [];
  try {
    for (const size of SIZES) {
      agent.resize(size);
      agent.durationSeconds = INSTANCE_SECONDS;
      peakRss = process.memoryUsage().rss;
      phases.length = 0;
      clock.run();
      await stack.putToken(generateToken());
      await stack.settle();
      const measured = [...phases];
      const calls = stack.aws.calls();
      const phaseCalls = measured.map((entry) => countCalls(entry.handler, calls.slice(entry.from, entry.to)));
      const handlerMs = measured.reduce((sum, entry) => sum + entry.ms, 0);
      const peakRssMb = peakRss / 1024 / 1024;

      // The same rollout with instances ten times slower: the handlers' time must not follow it.
      agent.durationSeconds = INSTANCE_SECONDS * 10;
      phases.length = 0;
      await stack.putToken(generateToken());
      await stack.settle();
      clock.stop();
      const slowInstancesHandlerMs = phases.reduce((sum, entry) => sum + entry.ms, 0);

      agent.durationSeconds = INSTANCE_SECONDS;
      const before = stack.aws.calls().length;
      await naiveRollout(stack.ssm, clock, () => waitForEndpoint(stack, agent), {
        documentName: baselineDocument,
        instanceIds: agent.listInstances().map((instance) => instance.instanceId),
        version: '1',
        pollSeconds: POLL_SECONDS,
      });
      await stack.settle();
      const baselineCalls = stack.aws.calls().length - before;

      const serviceCalls = phaseCalls.reduce((sum, entry) => sum + entry.total, 0);
      const result: RolloutFigures = {
        size,
        phases: phaseCalls,
        serviceCalls,
        maxPhaseCalls: Math.max(...phaseCalls.map((entry) => entry.total)),
        phaseBudget: 6 + Math.ceil(size / 50),
        handlerMs,
        slowInstancesHandlerMs,
        peakRssMb,
        baselineCalls,
        ratio: baselineCalls / serviceCalls,
      };
      figures.push(result);
      log(
        `N=${size}: ${serviceCalls} calls (max ${result.maxPhaseCalls} per phase, budget ${result.phaseBudget}), ` +
          `handlers ${handlerMs.toFixed(0)} ms (${slowInstancesHandlerMs.toFixed(0)} ms with 10x slower instances), ` +
          `peak RSS ${peakRssMb.toFixed(0)} MB, baseline ${baselineCalls} calls (${result.ratio.toFixed(0)}x)`,
      );
    }
  } finally {
    clearInterval(sampler);
    await stack.stop();
  }
  return figures;
}

/** Waits until the endpoint recorded every invocation the agent finished. */
async function waitForEndpoint(stack: ServiceStack, agent: FastAgent): Promise<void> {
  for (;;) {
    const recorded = stack.aws.ssm.commands().reduce((sum, command) => sum + command.completedCount, 0);
    if (recorded >= agent.finished) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function countCalls(handler: string, calls: Array<{ operation: string }>): PhaseCalls {
  const counts: Record<string, number> = {};
  for (const call of calls) counts[call.operation] = (counts[call.operation] ?? 0) + 1;
  return { handler, calls: counts, total: calls.length };
}

/** Renders the figures as the Markdown table of docs/benchmarks.md. */
export function rolloutTable(figures: RolloutFigures[]): string {
  const rows = [
    '| instances | calls per phase (max / budget) | calls in all | handler time | same, instances 10x slower | peak RSS | baseline calls | fewer calls |',
    '|---|---|---|---|---|---|---|---|',
    ...figures.map(
      (entry) =>
        `| ${entry.size} | ${entry.phases.map((phase) => phase.total).join(' + ')} (${entry.maxPhaseCalls} / ${entry.phaseBudget}) | ` +
        `${entry.serviceCalls} | ${entry.handlerMs.toFixed(0)} ms | ${entry.slowInstancesHandlerMs.toFixed(0)} ms | ` +
        `${entry.peakRssMb.toFixed(0)} MB | ${entry.baselineCalls} | ${entry.ratio.toFixed(0)}x |`,
    ),
  ];
  const operations = figures.map((entry) => {
    const totals: Record<string, number> = {};
    for (const phase of entry.phases) for (const [operation, count] of Object.entries(phase.calls)) totals[operation] = (totals[operation] ?? 0) + count;
    return `- ${entry.size} instances: ${Object.entries(totals).map(([operation, count]) => `${operation} ${count}`).join(', ')}`;
  });
  return [...rows, '', 'Calls by operation:', '', ...operations].join('\n');
}

/**
 * Runs each size in a fresh process, so one size's leftovers (the local endpoint keeps every
 * command and its output) do not count in the next one's peak memory.
 */
function runEachSizeApart(): RolloutFigures[] {
  return SIZES.map((size) => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...process.env, BENCH_SIZES: String(size), BENCH_CHILD: '1' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (child.status !== 0) throw new Error(`The benchmark for ${size} instances failed: ${child.stderr.slice(0, 2000)}`);
    const marker = child.stdout.lastIndexOf(RESULT_MARKER);
    process.stdout.write(child.stdout.slice(0, marker));
    return JSON.parse(child.stdout.slice(marker + RESULT_MARKER.length)) as RolloutFigures;
  });
}

const RESULT_MARKER = '\nBENCH_RESULT ';

if (import.meta.url === `file://${process.argv[1]}` && process.env.BENCH_CHILD === '1') {
  const [figure] = await runRolloutBench();
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(figure)}`);
  process.exit(0);
}

if (import.meta.url === `file://${process.argv[1]}` && process.env.BENCH_CHILD !== '1') {
  const figures = runEachSizeApart();
  console.log('');
  console.log(rolloutTable(figures));
  const failed = figures.filter((entry) => entry.maxPhaseCalls > entry.phaseBudget || entry.peakRssMb >= 256 || (entry.size >= 1000 && entry.ratio < 50));
  for (const entry of failed) console.log(`target missed at ${entry.size} instances`);
  process.exit(failed.length === 0 ? 0 : 1);
}
