import type { Preflight, PreflightVerdict } from '../rollout/rollout-deps.js';
import type { TokenValueReader } from '../aws/token-values.js';
import { preflightCheck, type PreflightDeps } from './preflight.js';

/**
 * The rollout's pre-flight port on top of `preflightCheck`: reads the version's value (with
 * decryption) and turns the findings into one reason that names the token by fingerprint only.
 */
export class HubPreflight implements Preflight {
  constructor(
    private readonly tokens: TokenValueReader,
    private readonly deps: PreflightDeps,
  ) {}

  async check(parameter: string, version: number, value?: string): Promise<PreflightVerdict> {
    const token = value ?? (await this.tokens.read(parameter, version)).value;
    const result = await preflightCheck(token, this.deps);
    if (result.findings.length === 0) return { verdict: result.verdict };
    const reasons = result.findings.map((finding) => finding.message).join(' ');
    return { verdict: result.verdict, reason: `${parameter} version ${version} (${result.fingerprint}): ${reasons}` };
  }
}
