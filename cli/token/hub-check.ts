import { loadCheckConfig } from '../../shared/config/check-config.js';
import { ConfigError } from '../../shared/config/errors.js';
import { HttpHubClient } from '../../shared/hub/hub-client.js';
import { preflightCheck } from '../../shared/hub/preflight.js';
import type { StepLogger } from '../../shared/logging/logger.js';
import type { CommandContext } from '../commands/command.js';
import { CliError, UsageError } from '../errors.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { Language } from '../messages.js';

/** The CLI prints the verdict itself, so the check's structured log lines are dropped. */
const SILENT_LOGGER = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} } as unknown as StepLogger;

/**
 * Checks the token on the Hugging Face Hub before it is stored, with the service's own
 * pre-flight check: whoami must accept it and it must read the gated repositories
 * (HUB_GATED_REPOS, by default the two pyannote models). Runs only when HUB_BASE_URL is set, so
 * the CLI never calls a Hub the operator did not name. A rejected token raises a CliError; an
 * unreachable Hub is reported and the token is stored anyway.
 */
export async function checkTokenOnHub(context: CommandContext, token: string, language: Language): Promise<void> {
  const { m, out, io, settings } = context;
  if (!io.env['HUB_BASE_URL']) {
    out.note(m.put.hubCheckSkipped);
    return;
  }

  let config;
  try {
    config = loadCheckConfig({ ...io.env, STATE_PARAMETER_PATH: settings.statePath });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(m.put.hubSettingInvalid(error.message));
    throw error;
  }

  const hub = new HttpHubClient({ baseUrl: config.hubBaseUrl, timeoutMs: config.hubTimeoutMs });
  const result = await preflightCheck(token, {
    hub,
    config: { ...config, preflightEnabled: true },
    language,
    logger: SILENT_LOGGER,
  });
  const details = result.findings.map((finding) => finding.message);
  switch (result.verdict) {
    case 'pass':
      out.note(m.put.hubCheckPassed(config.hubBaseUrl, config.hubGatedRepos));
      return;
    case 'skipped':
      out.note(m.put.hubCheckUnavailable(config.hubBaseUrl, details));
      return;
    case 'block':
      throw new CliError(m.put.hubCheckFailed(config.hubBaseUrl, details), EXIT_CODES.failure);
  }
}
