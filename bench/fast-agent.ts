import type { CommandAgent, InvocationOutcome, InvocationRequest, ManagedInstance } from '../local/types.js';
import type { VirtualClock } from './virtual-clock.js';

/**
 * A fleet of instances whose script work is stubbed: each invocation takes `durationSeconds` of
 * simulated time and
 * reports `applied` for the requested version, so a benchmark measures the service, not sh.
 */
export class FastAgent implements CommandAgent {
  private instances: ManagedInstance[] = [];
  durationSeconds = 0;
  /** Invocations that have ended so far, for waiting until the endpoint recorded them. */
  finished = 0;

  constructor(private readonly clock: VirtualClock) {}

  resize(size: number): void {
    this.instances = Array.from({ length: size }, (_, index) => ({
      instanceId: `i-${index.toString(16).padStart(17, '0')}`,
      pingStatus: 'Online',
      platformType: 'Linux',
      computerName: `gpu-${index}`,
      tags: { HfTokenConsumer: 'whisperx' },
    }));
  }

  listInstances(): ManagedInstance[] {
    return this.instances;
  }

  async runInvocation(request: InvocationRequest): Promise<InvocationOutcome> {
    if (this.durationSeconds > 0) await this.clock.sleep(this.durationSeconds);
    const result = {
      status: 'applied',
      version: request.parameters.tokenVersion,
      previousVersion: null,
      fingerprint: 'sha256:000000000000',
      parameter: request.parameters.tokenParameter,
    };
    this.finished += 1;
    return { status: 'Success', responseCode: 0, stdout: `HF_TOKEN_ROTATION_RESULT ${JSON.stringify(result)}\n`, stderr: '' };
  }
}
