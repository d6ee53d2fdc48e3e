import type { OptionSpec } from './commands/command.js';
import { EXIT_CODES } from './exit-codes.js';
import { COMMAND_NAMES, type CommandName, type Messages } from './messages.js';
import { formatTable } from './output.js';

/** Options every command accepts, in node:util parseArgs form. */
export const GLOBAL_OPTIONS: OptionSpec = {
  region: { type: 'string' },
  profile: { type: 'string' },
  parameter: { type: 'string' },
  stage: { type: 'string' },
  tag: { type: 'string' },
  lang: { type: 'string' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

/** Builds the overview: commands, options of every command and exit codes. */
export function generalHelp(m: Messages): string {
  const commands = formatTable(COMMAND_NAMES.map((name) => [`  ${name}`, m.help.commands[name].summary]));
  return [
    m.help.title,
    '',
    `${m.help.usage}: ${m.help.generalUsage}`,
    '',
    `${m.help.commandsHeading}:`,
    ...commands,
    '',
    `${m.help.globalOptionsHeading}:`,
    ...optionLines(GLOBAL_OPTIONS, m.help.globalOptions, m),
    '',
    `${m.help.exitCodesHeading}:`,
    ...exitCodeLines(m),
    '',
    m.help.moreHelp,
  ].join('\n');
}

/** Builds the help of one command: usage, description, its options, the global options, exit codes and examples. */
export function commandHelp(m: Messages, name: CommandName, options: OptionSpec): string {
  const help = m.help.commands[name];
  return [
    `${m.help.usage}: ${help.usage}`,
    '',
    help.summary,
    ...help.details.flatMap((paragraph) => ['', paragraph]),
    '',
    `${m.help.optionsHeading}:`,
    ...optionLines(options, help.options, m),
    '',
    `${m.help.globalOptionsHeading}:`,
    ...optionLines(GLOBAL_OPTIONS, m.help.globalOptions, m),
    '',
    `${m.help.exitCodesHeading}:`,
    ...exitCodeLines(m),
    '',
    `${m.help.examplesHeading}:`,
    ...help.examples.map((example) => `  ${example}`),
  ].join('\n');
}

function optionLines(options: OptionSpec, descriptions: Record<string, string>, m: Messages): string[] {
  const rows = Object.entries(options).map(([name, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : '';
    const value = spec.type === 'string' ? ` ${m.help.placeholders[name] ?? 'VALUE'}` : '';
    return [`  ${short}--${name}${value}`, descriptions[name] ?? ''];
  });
  return formatTable(rows);
}

function exitCodeLines(m: Messages): string[] {
  const rows = (Object.keys(EXIT_CODES) as Array<keyof typeof EXIT_CODES>).map((key) => [`  ${EXIT_CODES[key]}`, m.help.exitCodes[key]]);
  return formatTable(rows);
}

/** Checks whether the name is one of the CLI's commands. */
export function isCommandName(name: string): name is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(name);
}
