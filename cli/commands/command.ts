import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import type { CommandName, Language, Messages } from '../messages.js';
import type { Output } from '../output.js';
import type { RolloutControl } from '../ports.js';
import type { CliSettings } from '../settings.js';

/** Option values of one command after parsing: strings, flags, or undefined when not given. */
export type OptionValues = Record<string, string | boolean | undefined>;

/** Option declarations in node:util parseArgs form. */
export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** Context of a command run, built once per run by the entry point. */
export interface CommandContext {
  settings: CliSettings;
  out: Output;
  m: Messages;
  language: Language;
  io: CliIo;
  ssm: SSMClient;
  /** The Lambda client, created on first use (only `check` needs it). */
  lambda(): LambdaClient;
  control: RolloutControl;
  /** Milliseconds between two polls while following a rollout. */
  pollIntervalMs: number;
}

/** One subcommand of `hf-token`. */
export interface CommandDefinition {
  name: CommandName;
  /** Options of this command, on top of the global ones. */
  options: OptionSpec;
  run(context: CommandContext, values: OptionValues): Promise<ExitCode>;
}
