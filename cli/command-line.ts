import { parseArgs } from 'node:util';
import type { CommandDefinition, OptionSpec, OptionValues } from './commands/command.js';
import { UsageError } from './errors.js';
import { GLOBAL_OPTIONS, isCommandName } from './help.js';
import type { CommandName, Messages } from './messages.js';

/** The command line after parsing: which command (if any) and every option value. */
export interface ParsedCommandLine {
  command: CommandName | null;
  /** Command named after `help`, as in `hf-token help put`. */
  helpTopic: CommandName | null;
  values: OptionValues;
}

/**
 * Returns the --lang value from the raw arguments without a full parse, so that errors of the
 * parse itself are already reported in the chosen language.
 */
export function peekLanguageOption(argv: string[]): string | undefined {
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    if (argument === '--') return undefined;
    if (argument === '--lang') return argv[index + 1];
    if (argument.startsWith('--lang=')) return argument.slice('--lang='.length);
  }
  return undefined;
}

/**
 * Parses the arguments in two passes. The first pass knows the options of every command, so it
 * finds the command name wherever the global options are. The second pass knows only the global
 * options and that command's own, so an option of another command is reported as unknown.
 */
export function parseCommandLine(argv: string[], commands: readonly CommandDefinition[], m: Messages): ParsedCommandLine {
  const allOptions: OptionSpec = { ...GLOBAL_OPTIONS };
  for (const command of commands) Object.assign(allOptions, command.options);
  const first = parse(argv, allOptions, m);

  const [name, ...rest] = first.positionals;
  if (name === undefined) return { command: null, helpTopic: null, values: first.values };
  if (name === 'help') {
    const [topic, ...extra] = rest;
    if (extra[0] !== undefined) throw new UsageError(m.errors.unexpectedArgument(extra[0]));
    if (topic !== undefined && !isCommandName(topic)) throw new UsageError(m.errors.unknownCommand(topic));
    return { command: null, helpTopic: topic ?? null, values: { ...first.values, help: true } };
  }
  if (!isCommandName(name)) throw new UsageError(m.errors.unknownCommand(name));
  if (rest[0] !== undefined) throw new UsageError(m.errors.unexpectedArgument(rest[0]));

  const definition = commands.find((command) => command.name === name);
  const second = parse(argv, { ...GLOBAL_OPTIONS, ...(definition?.options ?? {}) }, m);
  return { command: name, helpTopic: null, values: second.values };
}

function parse(argv: string[], options: OptionSpec, m: Messages): { values: OptionValues; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as OptionValues, positionals };
  } catch (error) {
    throw translateParseError(error, m);
  }
}

/** Turns node:util parseArgs errors (English only) into catalog messages. */
function translateParseError(error: unknown, m: Messages): UsageError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(m.errors.unknownOption(quoted));
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      // "Option '--region <value>' argument missing", or a flag given a value: "--wait=x".
      return new UsageError(/argument missing/.test(message) ? m.errors.missingOptionValue(quoted.split(' ')[0] ?? quoted) : m.errors.invalidArguments(message));
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(m.errors.unexpectedArgument(quoted));
    default:
      return new UsageError(m.errors.invalidArguments(message));
  }
}
