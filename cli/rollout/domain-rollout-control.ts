import type { SSMClient } from '@aws-sdk/client-ssm';
import type { AlertPublisher } from '../../shared/alerts/alert.js';
import { SsmManagedInstances } from '../../shared/aws/managed-instances.js';
import { SsmParameterStore } from '../../shared/aws/parameter-store.js';
import { SsmRolloutStore } from '../../shared/aws/rollout-store.js';
import { SsmRunCommand } from '../../shared/aws/run-command.js';
import { SsmVersionLabels } from '../../shared/aws/version-labels.js';
import { DEFAULT_COMPOSE_SERVICE, type ServiceConfig } from '../../shared/config/config.js';
import type { StepLogger } from '../../shared/logging/logger.js';
import { requestRollout } from '../../shared/rollout/request-rollout.js';
import { restoreDesired } from '../../shared/rollout/restore-desired.js';
import type { RolloutDeps } from '../../shared/rollout/rollout-deps.js';
import { FINAL_STATES } from '../../shared/rollout/rollout-record.js';
import { listRefreshCommands } from '../fleet/last-runs.js';
import type { Language } from '../messages.js';
import type { AbortRequest, RolloutAborted, RolloutControl, RolloutRequest, RolloutStarted } from '../ports.js';
import { SERVICE_NAME, type CliSettings } from '../settings.js';

/**
 * Run Command settings of CLI rollouts: the defaults of serverless.yml (canarySize,
 * maxConcurrency, maxErrors, deliveryTimeoutSeconds, fleetFailurePercent). The fleet wave after
 * the canary is sent by the deployed onCommandStatus function with the stack's own settings.
 */
const CLI_ROLLOUT_DEFAULTS = {
  canarySize: '1',
  maxConcurrency: '10%',
  maxErrors: '0',
  deliveryTimeoutSeconds: 600,
  fleetFailurePercent: 50,
} as const;

/** Commands older than this (days) are not searched by `abort`; a refresh command ends far sooner. */
const ABORT_SEARCH_DAYS = 7;
const RUNNING_STATUSES = new Set(['Pending', 'InProgress']);

/** The CLI prints what happened itself, so the rollout steps' structured log lines are dropped. */
const SILENT_LOGGER: StepLogger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} } as unknown as StepLogger;

/**
 * Rollout control through the service's own rollout steps (`requestRollout`). It claims the
 * version, moves the `desired` label, supersedes an older running rollout and sends the canary
 * wave. The deployed functions then send the fleet wave and label the version `deployed`.
 *
 * Alerts and escalations of a request started here (a rollout that could not start) are not
 * published: the operator reads the reason in the command's output instead.
 */
export class DomainRolloutControl implements RolloutControl {
  private readonly deps: RolloutDeps;

  constructor(
    private readonly ssm: SSMClient,
    private readonly settings: CliSettings,
    private readonly now: () => Date,
    language: Language,
  ) {
    const discardAlerts: AlertPublisher = { publish: async () => {} };
    this.deps = {
      config: serviceConfig(settings, language),
      parameters: new SsmParameterStore(ssm),
      labels: new SsmVersionLabels(ssm),
      store: new SsmRolloutStore(settings.statePath, ssm),
      instances: new SsmManagedInstances(ssm),
      commands: new SsmRunCommand(ssm),
      alerts: discardAlerts,
      escalator: { escalate: async () => [] },
      clock: now,
      logger: SILENT_LOGGER,
    };
  }

  async request(request: RolloutRequest): Promise<RolloutStarted> {
    const result = await requestRollout(
      { parameter: request.parameter, version: request.version, rollback: request.rollback, trigger: 'cli', rerun: true },
      this.deps,
    );
    switch (result.action) {
      case 'canary_started':
        return { action: 'started', wave: 'canary', commandId: result.commandId };
      case 'fleet_started':
        return { action: 'started', wave: 'fleet', commandId: result.commandId };
      case 'duplicate':
        return { action: 'already_running', state: result.state };
      case 'superseded':
        return { action: 'superseded', desiredVersion: result.desiredVersion };
      case 'blocked':
        return { action: 'blocked', reason: result.reason };
      case 'not_started':
        return { action: 'not_started', reason: result.reason };
    }
  }

  /**
   * Cancels every pending or running refresh command of the parameter (of one version when
   * given) and marks the unfinished claims of those versions aborted, so no further wave starts.
   * It also points `desired` back, so the association does not roll the aborted version out.
   */
  async abort(request: AbortRequest): Promise<RolloutAborted> {
    const invokedAfter = new Date(this.now().getTime() - ABORT_SEARCH_DAYS * 24 * 3600 * 1000);
    const commands = await listRefreshCommands(this.ssm, this.settings.documentName, request.parameter, {
      limit: Number.MAX_SAFE_INTEGER,
      invokedAfter,
    });
    const running = commands.filter(
      (command) => RUNNING_STATUSES.has(command.status) && (request.version === null || command.tokenVersion === String(request.version)),
    );
    for (const command of running) await this.deps.commands.cancelCommand(command.commandId);

    const versions = new Set(running.map((command) => Number(command.tokenVersion)).filter((version) => Number.isInteger(version)));
    if (request.version !== null) versions.add(request.version);
    const abortedVersions: number[] = [];
    const desired: RolloutAborted['desired'] = [];
    for (const version of versions) {
      const record = await this.deps.store.get(request.parameter, version);
      if (!record || FINAL_STATES.includes(record.state)) continue;
      desired.push({ version, after: await restoreDesired(record, this.deps) });
      await this.deps.store.save({
        ...record,
        state: 'aborted',
        reason: 'aborted by an operator (hf-token abort)',
        cause: { kind: 'aborted_by_operator' },
        updatedAt: this.now().toISOString(),
      });
      abortedVersions.push(version);
    }
    return { cancelledCommandIds: running.map((command) => command.commandId), abortedVersions, desired };
  }
}

/** Builds the service configuration from the stack's defaults and the CLI's settings. */
function serviceConfig(settings: CliSettings, language: Language): ServiceConfig {
  return {
    watchedParameters: [settings.parameter],
    documentName: settings.documentName,
    targetTagKey: settings.targetTagKey,
    targetTagValues: settings.targetTagValues,
    maxConcurrency: CLI_ROLLOUT_DEFAULTS.maxConcurrency,
    maxErrors: CLI_ROLLOUT_DEFAULTS.maxErrors,
    deliveryTimeoutSeconds: CLI_ROLLOUT_DEFAULTS.deliveryTimeoutSeconds,
    // Alerts are discarded (see the class comment), so no topic is needed.
    alertTopicArn: '',
    alertLanguage: language,
    notifyOnSuccess: false,
    stackName: `${SERVICE_NAME}-${settings.stage}`,
    canarySize: CLI_ROLLOUT_DEFAULTS.canarySize,
    fleetFailurePercent: CLI_ROLLOUT_DEFAULTS.fleetFailurePercent,
    statePath: settings.statePath,
    incidentResponsePlanArn: null,
    opsCenterEnabled: false,
    composeService: DEFAULT_COMPOSE_SERVICE,
  };
}
