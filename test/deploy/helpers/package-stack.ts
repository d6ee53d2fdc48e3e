import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A CloudFormation resource as the packaged template contains it. */
export interface TemplateResource {
  Type: string;
  Properties?: Record<string, any>;
  DependsOn?: string | string[];
  [key: string]: unknown;
}

export interface Template {
  Resources: Record<string, TemplateResource>;
  Outputs?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface PackagedStack {
  /** Directory with the template, the function zips and the state file. */
  dir: string;
  template: Template;
  /** Everything `sls package` printed, for leak scans. */
  output: string;
  remove(): void;
}

/** Stage parameters that switch on every optional feature, for tests of the full stack. */
export const ALL_FEATURES_PARAMS: Record<string, string> = {
  alertEmails: 'ops@example.com, oncall@example.org',
  alertLanguage: 'de',
  incidentResponsePlanArn: 'arn:aws:ssm-incidents::123456789012:response-plan/hf-token',
  opsCenterEnabled: 'true',
  tokenKmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  logRetentionDays: '90',
  accessAllowedPrincipals: 'arn:aws:iam::123456789012:role/deployer',
  hubTimeoutMs: '7000',
  preflightBlockOnHubOutage: 'true',
  composeService: 'asr_gpu',
  instanceHubCheckUrl: 'https://huggingface.co',
};

// serverless-esbuild builds in `.esbuild/` and copies the zips through `.serverless/` of the
// service directory, so two packagings of the same checkout at once can read each other's
// half-written files. Test files run in parallel, hence one lock per checkout.
const LOCK_DIR = join(tmpdir(), `hf-token-rotation-package-${createHash('sha256').update(process.cwd()).digest('hex').slice(0, 12)}.lock`);
/** Maximum wait for another packaging to finish, in milliseconds. */
const LOCK_TIMEOUT_MS = 300_000;
const LOCK_POLL_MS = 100;

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs `work` while holding the packaging lock; a lock left by a dead process is taken over. */
function withPackageLock<T>(work: () => T): T {
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(join(LOCK_DIR, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder = 0;
      try {
        holder = Number(readFileSync(join(LOCK_DIR, 'pid'), 'utf8'));
      } catch {
        // The holder has created the directory but not yet written its pid.
      }
      if (holder > 0 && !isProcessAlive(holder)) {
        rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`Timed out after ${LOCK_TIMEOUT_MS} ms waiting for ${LOCK_DIR}; remove it if no sls package is running.`);
      }
      Atomics.wait(sleeper, 0, 0, LOCK_POLL_MS);
    }
  }
  try {
    return work();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

/**
 * Runs `sls package` exactly as a user would, offline and with no AWS credentials, and reads
 * the update template. Throws with the Framework's output when packaging fails.
 */
export function packageStack(stage: string, params: Record<string, string> = {}): PackagedStack {
  const dir = mkdtempSync(join(tmpdir(), 'hf-token-package-'));
  const env = { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SESSION_TOKEN: '', AWS_PROFILE: '', SLS_TELEMETRY_DISABLED: '1' };
  const paramArgs = Object.entries(params).flatMap(([name, value]) => ['--param', `${name}=${value}`]);
  let output: string;
  try {
    output = withPackageLock(() =>
      execFileSync('npx', ['sls', 'package', '--stage', stage, '--region', 'eu-central-1', '--package', dir, ...paramArgs], {
        env,
        encoding: 'utf8',
        stdio: 'pipe',
        timeout: 120_000,
      }),
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const template = JSON.parse(readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  return { dir, template, output, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `sls package` expecting it to fail and returns what the Framework printed. */
export function packageStackFailure(stage: string, params: Record<string, string>): string {
  try {
    const stack = packageStack(stage, params);
    stack.remove();
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
  }
  throw new Error(`sls package succeeded with ${JSON.stringify(params)}, expected it to fail.`);
}

/** Entries of the template whose resource type is `type`. */
export function resourcesOfType(template: Template, type: string): Array<[string, TemplateResource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}
