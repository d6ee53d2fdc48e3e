import { CancelCommandCommand, SendCommandCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { callAws } from '../../shared/aws/errors.js';
import { SsmRolloutStore } from '../../shared/aws/rollout-store.js';
import { SsmVersionLabels } from '../../shared/aws/version-labels.js';
import { FINAL_STATES } from '../../shared/rollout/rollout-record.js';
import { listRefreshCommands } from '../fleet/last-runs.js';
import type { AbortRequest, RolloutAborted, RolloutControl, RolloutRequest, RolloutStarted } from '../ports.js';
import type { CliSettings } from '../settings.js';

/**
 * Run Command settings of CLI rollouts: the stack's defaults in serverless.yml (maxConcurrency,
 * maxErrors, deliveryTimeoutSeconds).
 */
const RATE = { maxConcurrency: '10%', maxErrors: '0', deliveryTimeoutSeconds: 600 } as const;

/** Commands older than this (days) are not searched by `abort`; a refresh command ends far sooner. */
const ABORT_SEARCH_DAYS = 7;

const RUNNING_STATUSES = new Set(['Pending', 'InProgress']);

/**
 * Rollout control through Systems Manager directly: moves the `desired` label to the version
 * (the State Manager association follows it, so it must point at what the fleet should run) and
 * sends the refresh document to the tagged fleet in one command, without a canary wave.
 */
export class SsmRolloutControl implements RolloutControl {
  constructor(
    private readonly ssm: SSMClient,
    private readonly settings: CliSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async request(request: RolloutRequest): Promise<RolloutStarted> {
    await new SsmVersionLabels(this.ssm).move(request.parameter, 'desired', request.version);
    const key = `${this.settings.documentName} for ${request.parameter}:${request.version}`;
    const output = await callAws('SendCommand', key, () =>
      this.ssm.send(
        new SendCommandCommand({
          DocumentName: this.settings.documentName,
          Targets: [{ Key: `tag:${this.settings.targetTagKey}`, Values: this.settings.targetTagValues }],
          Parameters: {
            tokenParameter: [request.parameter],
            tokenVersion: [String(request.version)],
            rollback: [String(request.rollback)],
          },
          MaxConcurrency: RATE.maxConcurrency,
          MaxErrors: RATE.maxErrors,
          TimeoutSeconds: RATE.deliveryTimeoutSeconds,
          Comment: `hf-token ${request.rollback ? 'rollback' : 'rollout'} ${request.parameter}:${request.version}`.slice(0, 100),
        }),
      ),
    );
    const commandId = output.Command?.CommandId;
    if (!commandId) throw new Error(`SendCommand ${key} returned no command id.`);
    return { commandIds: [commandId], targetCount: output.Command?.TargetCount || null };
  }

  /** Cancels every pending or running refresh command of the parameter (and version) and marks its claim aborted. */
  async abort(request: AbortRequest): Promise<RolloutAborted> {
    const invokedAfter = new Date(this.now().getTime() - ABORT_SEARCH_DAYS * 24 * 3600 * 1000);
    const commands = await listRefreshCommands(this.ssm, this.settings.documentName, request.parameter, {
      limit: Number.MAX_SAFE_INTEGER,
      invokedAfter,
    });
    const running = commands.filter(
      (command) =>
        RUNNING_STATUSES.has(command.status) && (request.version === null || command.tokenVersion === String(request.version)),
    );
    for (const command of running) {
      await callAws('CancelCommand', command.commandId, () => this.ssm.send(new CancelCommandCommand({ CommandId: command.commandId })));
    }

    const versions = new Set(running.map((command) => Number(command.tokenVersion)).filter((version) => Number.isInteger(version)));
    if (request.version !== null) versions.add(request.version);
    const store = new SsmRolloutStore(this.settings.statePath, this.ssm);
    for (const version of versions) {
      const record = await store.get(request.parameter, version);
      if (!record || FINAL_STATES.includes(record.state)) continue;
      await store.save({ ...record, state: 'aborted', reason: 'aborted by an operator (hf-token abort)', updatedAt: this.now().toISOString() });
    }
    return { cancelledCommandIds: running.map((command) => command.commandId) };
  }
}
