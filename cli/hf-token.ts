// Entry of the operator CLI `hf-token`. bin/hf-token runs it through tsx, so it works straight
// after `npm ci` without a build step; `npx tsx cli/hf-token.ts` runs it as well.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { createSsmClient } from './aws/ssm-client.js';
import { SsmRolloutControl } from './aws/ssm-rollout-control.js';
import { parseCommandLine, peekLanguageOption } from './command-line.js';
import { abortCommand } from './commands/abort.js';
import type { CommandDefinition } from './commands/command.js';
import { putCommand } from './commands/put.js';
import { rollbackCommand } from './commands/rollback.js';
import { rolloutCommand } from './commands/rollout.js';
import { statusCommand } from './commands/status.js';
import { CliError, toCliError, UsageError } from './errors.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';
import { commandHelp, generalHelp } from './help.js';
import { processIo, type CliIo } from './io.js';
import { detectLanguage, MESSAGES, type Messages } from './messages.js';
import { colorsEnabled, Output } from './output.js';
import type { RolloutControl } from './ports.js';
import { resolveSettings, type CliSettings } from './settings.js';

/** Every command of the CLI, in the order the help lists them. */
export const COMMANDS: readonly CommandDefinition[] = [putCommand, statusCommand, rolloutCommand, rollbackCommand, abortCommand];

/** Seconds between two polls while a command follows a rollout. */
const POLL_INTERVAL_MS = 2000;

/** Replaceable parts for tests: the SSM client, the rollout control and the poll interval. */
export interface CliDeps {
  createSsmClient?: (settings: CliSettings) => SSMClient;
  createRolloutControl?: (ssm: SSMClient, settings: CliSettings, io: CliIo) => RolloutControl;
  pollIntervalMs?: number;
}

/**
 * Runs one `hf-token` command line and returns its exit code. Errors are printed as one message
 * on stderr (never with a stack trace); see EXIT_CODES for the codes.
 */
export async function main(argv: string[], io: CliIo = processIo(), deps: CliDeps = {}): Promise<ExitCode> {
  const language = detectLanguage(peekLanguageOption(argv), io.env);
  const m: Messages = MESSAGES[language ?? 'en'];
  const errorOut = new Output(io.stdout, io.stderr, false);
  let commandName: string | null = null;
  let out = errorOut;
  let ssm: SSMClient | undefined;
  let settings: CliSettings | undefined;

  try {
    if (language === null) throw new UsageError(m.errors.invalidLanguage(peekLanguageOption(argv) ?? ''));
    const parsed = parseCommandLine(argv, COMMANDS, m);
    commandName = parsed.command;
    if (parsed.command === null) {
      if (parsed.helpTopic !== null) {
        io.stdout.write(`${commandHelp(m, parsed.helpTopic, optionsOf(parsed.helpTopic))}\n`);
        return EXIT_CODES.ok;
      }
      if (parsed.values['help'] === true) {
        io.stdout.write(`${generalHelp(m)}\n`);
        return EXIT_CODES.ok;
      }
      io.stderr.write(`${generalHelp(m)}\n\n`);
      throw new UsageError(m.errors.missingCommand);
    }
    if (parsed.values['help'] === true) {
      io.stdout.write(`${commandHelp(m, parsed.command, optionsOf(parsed.command))}\n`);
      return EXIT_CODES.ok;
    }

    const definition = COMMANDS.find((command) => command.name === parsed.command);
    if (!definition) throw new UsageError(m.errors.unknownCommand(parsed.command));
    settings = resolveSettings(parsed.values as Record<string, string | undefined>, io.env, m);
    out = new Output(io.stdout, io.stderr, colorsEnabled(io.stdout, parsed.values['no-color'] === true, io.env));
    ssm = (deps.createSsmClient ?? createSsmClient)(settings);
    const control = deps.createRolloutControl
      ? deps.createRolloutControl(ssm, settings, io)
      : new SsmRolloutControl(ssm, settings, io.now);
    return await definition.run(
      { settings, out, m, io, ssm, control, pollIntervalMs: deps.pollIntervalMs ?? POLL_INTERVAL_MS },
      parsed.values,
    );
  } catch (error) {
    const failure = describeFailure(error, m, settings);
    out.note(`hf-token: ${m.errors.prefix}: ${failure.message}`);
    if (failure instanceof UsageError) out.note(m.errors.helpHint(isKnown(commandName) ? commandName : null));
    return failure.exitCode;
  } finally {
    ssm?.destroy();
  }
}

function optionsOf(name: string): CommandDefinition['options'] {
  return COMMANDS.find((command) => command.name === name)?.options ?? {};
}

function isKnown(name: string | null): name is CommandDefinition['name'] {
  return name !== null && COMMANDS.some((command) => command.name === name);
}

/** CLI errors pass through; AWS and network errors get a message with the fix; anything else is unexpected. */
function describeFailure(error: unknown, m: Messages, settings: CliSettings | undefined): CliError {
  if (error instanceof CliError) return error;
  if (settings === undefined) return new CliError(m.errors.unexpected(error instanceof Error ? error.message : String(error)), EXIT_CODES.failure);
  return toCliError(error, m, { region: settings.region, profile: settings.profile, endpoint: settings.endpoint });
}

/** True when this file is the program node started (not imported by the launcher or a test). */
function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await main(process.argv.slice(2));
}
