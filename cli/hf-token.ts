// Entry of the operator CLI `hf-token`. bin/hf-token runs it through tsx, so it works straight
// after `npm ci` without a build step; `npx tsx cli/hf-token.ts` runs it as well.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { createLambdaClient } from './aws/lambda-client.js';
import { createSsmClient } from './aws/ssm-client.js';
import { parseCommandLine, peekLanguageOption, type ParsedCommandLine } from './command-line.js';
import { abortCommand } from './commands/abort.js';
import { checkCommand } from './commands/check.js';
import type { CommandContext, CommandDefinition } from './commands/command.js';
import { putCommand } from './commands/put.js';
import { rollbackCommand } from './commands/rollback.js';
import { rolloutCommand } from './commands/rollout.js';
import { statusCommand } from './commands/status.js';
import { CliError, toCliError, UsageError } from './errors.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';
import { commandHelp, generalHelp } from './help.js';
import { processIo, type CliIo } from './io.js';
import { detectLanguage, MESSAGES, type Language, type Messages } from './messages.js';
import { colorsEnabled, Output } from './output.js';
import type { RolloutControl } from './ports.js';
import { DomainRolloutControl } from './rollout/domain-rollout-control.js';
import { resolveSettings, type CliSettings } from './settings.js';
import { fingerprint } from '../shared/token/fingerprint.js';

/** Every command of the CLI, in the order the help lists them. */
export const COMMANDS: readonly CommandDefinition[] = [
  putCommand,
  statusCommand,
  rolloutCommand,
  rollbackCommand,
  abortCommand,
  checkCommand,
];

/** Seconds between two polls while a command follows a rollout. */
const POLL_INTERVAL_MS = 2000;

/** Replaceable parts for tests: the AWS clients, the rollout control and the poll interval. */
export interface CliDeps {
  createSsmClient?: (settings: CliSettings) => SSMClient;
  createLambdaClient?: (settings: CliSettings) => LambdaClient;
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
  const run: RunState = { out: new Output(io.stdout, io.stderr, false), settings: undefined, clients: [] };
  let commandName: string | null = null;

  try {
    if (language === null) throw new UsageError(m.errors.invalidLanguage(peekLanguageOption(argv) ?? ''));
    rejectTokenArguments(argv, m);
    const parsed = parseCommandLine(argv, COMMANDS, m);
    commandName = parsed.command;
    const helpCode = printHelpIfAsked(parsed, m, io);
    if (helpCode !== null) return helpCode;
    return await runCommand(parsed, { io, deps, m, language, run });
  } catch (error) {
    const failure = describeFailure(error, m, run.settings);
    run.out.note(`hf-token: ${m.errors.prefix}: ${failure.message}`);
    if (failure instanceof UsageError) {
      // A parse error leaves commandName unset; the command may still be named in argv.
      const named = commandName ?? argv.find((argument) => isKnown(argument)) ?? null;
      run.out.note(m.errors.helpHint(isKnown(named) ? named : null));
    }
    return failure.exitCode;
  } finally {
    for (const client of run.clients) client.destroy();
  }
}

/** A token anywhere in an argument, by the shape the service accepts (`hf_` + at least 30 letters and digits). */
const TOKEN_IN_ARGUMENT = /hf_[A-Za-z0-9]{30,}/;

/** Rejects a command line that carries a token, naming it by fingerprint only. */
function rejectTokenArguments(argv: string[], m: Messages): void {
  for (const argument of argv) {
    const match = TOKEN_IN_ARGUMENT.exec(argument);
    if (match) throw new UsageError(m.errors.tokenOnCommandLine(fingerprint(match[0])));
  }
}

/** State of one run that `main` needs after a failure: the output, the settings and the clients to close. */
interface RunState {
  out: Output;
  settings: CliSettings | undefined;
  clients: Array<{ destroy(): void }>;
}

/** Prints the help that the command line requests and returns its exit code, or null when it requests none. */
function printHelpIfAsked(parsed: ParsedCommandLine, m: Messages, io: CliIo): ExitCode | null {
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
  return null;
}

/** Resolves the settings, builds the clients and runs the command. */
async function runCommand(
  parsed: ParsedCommandLine,
  env: { io: CliIo; deps: CliDeps; m: Messages; language: Language; run: RunState },
): Promise<ExitCode> {
  const { io, deps, m, language, run } = env;
  const definition = COMMANDS.find((command) => command.name === parsed.command);
  if (!definition) throw new UsageError(m.errors.unknownCommand(String(parsed.command)));

  const settings = resolveSettings(parsed.values as Record<string, string | undefined>, io.env, m);
  run.settings = settings;
  run.out = new Output(io.stdout, io.stderr, colorsEnabled(io.stdout, parsed.values['no-color'] === true, io.env));
  const ssm = (deps.createSsmClient ?? createSsmClient)(settings);
  run.clients.push(ssm);
  let lambda: LambdaClient | undefined;
  const control = deps.createRolloutControl
    ? deps.createRolloutControl(ssm, settings, io)
    : new DomainRolloutControl(ssm, settings, io.now, language);

  const context: CommandContext = {
    settings,
    out: run.out,
    m,
    language,
    io,
    ssm,
    lambda: () => {
      if (lambda === undefined) {
        lambda = (deps.createLambdaClient ?? createLambdaClient)(settings);
        run.clients.push(lambda);
      }
      return lambda;
    },
    control,
    pollIntervalMs: deps.pollIntervalMs ?? POLL_INTERVAL_MS,
  };
  return definition.run(context, parsed.values);
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
