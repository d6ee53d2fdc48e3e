import type { DesiredAfterStop } from '../shared/rollout/restore-desired.js';
import type { RolloutState, StopCause } from '../shared/rollout/rollout-record.js';
import { de } from './messages/de.js';
import { en } from './messages/en.js';
import type { ShapeProblem } from './token/shape.js';

export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

export const COMMAND_NAMES = ['put', 'status', 'rollout', 'rollback', 'abort', 'check'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Result of an instance's last run as the CLI shows it; `unknown` when nothing was recorded. */
export type RunResultLabel = 'applied' | 'unchanged' | 'rolled_back' | 'failed' | 'not_reached' | 'pending' | 'unknown';

/** Help of one command: the usage line, what it does, and one line per option. */
export interface CommandHelp {
  usage: string;
  summary: string;
  /** Paragraphs after the summary. */
  details: string[];
  /** Option name (without dashes) to its description; every option of the command has one. */
  options: Record<string, string>;
  examples: string[];
}

/**
 * Every text the CLI prints, in one language. Both languages implement all of it, and a test
 * compares their keys so that no message exists in one language only.
 */
export interface Messages {
  errors: {
    prefix: string;
    helpHint(command: CommandName | null): string;
    missingCommand: string;
    unknownCommand(name: string): string;
    unknownOption(option: string): string;
    missingOptionValue(option: string): string;
    unexpectedArgument(argument: string): string;
    tokenOnCommandLine(fingerprint: string): string;
    invalidArguments(detail: string): string;
    invalidLanguage(value: string): string;
    invalidRegion(value: string): string;
    invalidParameterName(value: string): string;
    invalidStage(value: string): string;
    invalidTag(value: string): string;
    invalidVersion(value: string): string;
    invalidMinutes(option: string, value: string): string;
    invalidEnvKey(value: string): string;
    conflictingOptions(first: string, second: string): string;
    requiresOption(option: string, required: string): string;
    noCredentials(profile: string | undefined): string;
    credentialsExpired(profile: string | undefined): string;
    credentialsRejected(profile: string | undefined, code: string): string;
    accessDenied(operation: string, resource: string, detail: string): string;
    parameterNotFound(parameter: string, region: string): string;
    parameterVersionNotFound(key: string): string;
    versionNotFound(parameter: string, version: number, latest: number): string;
    endpointUnreachable(endpoint: string, code: string): string;
    awsCallFailed(operation: string, key: string, code: string, detail: string): string;
    unexpected(detail: string): string;
  };
  put: {
    hiddenPrompt: string;
    stdinEmpty: string;
    stdinManyLines(lines: number): string;
    stdinTooLarge(maxBytes: number): string;
    inputCancelled: string;
    envFileNotFound(path: string): string;
    envFileNotAFile(path: string): string;
    envFileTooLarge(path: string, maxBytes: number): string;
    envFileUnreadable(path: string, code: string): string;
    envFileSyntax(path: string, line: number): string;
    envFileExpansion(path: string): string;
    envFileMissingKey(path: string, key: string): string;
    envFileEmptyKey(path: string, key: string): string;
    shapeInvalid(problems: ShapeProblem[], length: number): string;
    stored(parameter: string, version: number, fingerprint: string): string;
    kmsKey(keyId: string | null): string;
    rolloutStartsByItself: string;
    hubCheckSkipped: string;
    hubSettingInvalid(detail: string): string;
    hubCheckPassed(hubUrl: string, repos: string[]): string;
    hubCheckUnavailable(hubUrl: string, details: string[]): string;
    hubCheckFailed(hubUrl: string, details: string[]): string;
  };
  follow: {
    waiting(version: number, intervalSeconds: number): string;
    command(commandId: string, tokenVersion: string, rollback: boolean, targetCount: number): string;
    state(state: string): string;
    stateLabel: Record<RolloutState, string>;
    progress(done: number, total: number, failed: number): string;
    instanceFailed(instanceId: string, result: string, step: string | null, message: string | null): string;
    succeeded(version: number, total: number): string;
    failed(version: number, failed: number, total: number, reason: string | null): string;
    stopped(version: number, state: string, reason: string | null): string;
    cause(cause: StopCause): string;
    noTargets(tag: string): string;
    notStarted(seconds: number): string;
    timedOut(minutes: number): string;
  };
  status: {
    heading(parameter: string, region: string, stage: string): string;
    currentVersionLabel: string;
    currentVersion(version: number, time: string, age: string): string;
    labelName: Record<'desired' | 'deployed' | 'previous', string>;
    labelNotSet: string;
    rollout(version: number, state: string, updatedAt: string): string;
    instancesHeading(tag: string, count: number): string;
    columns: { instance: string; agent: string; version: string; result: string; time: string; source: string };
    source: Record<'inventory' | 'command', string>;
    result: Record<RunResultLabel, string>;
    noInstances(tag: string): string;
    inventoryMissing: string;
    allCurrent(count: number, version: number): string;
    behind(count: number, total: number, version: number): string;
    age(milliseconds: number): string;
  };
  rollout: {
    dryRunHeading(version: number, tag: string, count: number): string;
    dryRunNoInstances(tag: string): string;
    dryRunOffline(count: number): string;
    started(version: number, wave: 'canary' | 'fleet', commandId: string): string;
    alreadyRunning(version: number, state: string): string;
    supersededByDesired(version: number, desiredVersion: number): string;
    blocked(version: number, reason: string): string;
    notStarted(version: number, reason: string): string;
    rollbackRequested(from: number | null, to: number): string;
    noRollbackTarget: string;
    rollbackTargetIsCurrent(version: number): string;
    followHint: string;
    aborted(commandIds: string[]): string;
    desiredAfterAbort(version: number, after: DesiredAfterStop): string;
    claimsAborted(versions: number[]): string;
    nothingToAbort(parameter: string): string;
  };
  check: {
    running(functionName: string): string;
    notDeployed(functionName: string, region: string): string;
    functionFailed(functionName: string, detail: string): string;
    unreadableResult(functionName: string): string;
    noFindings: string;
    summary(findings: number, sent: number, suppressed: number, escalated: number): string;
    finding(severity: string, id: string, sent: boolean): string;
  };
  help: {
    title: string;
    usage: string;
    /** Usage line of the overview, such as `hf-token COMMAND [--help] [options]`. */
    generalUsage: string;
    commandsHeading: string;
    optionsHeading: string;
    globalOptionsHeading: string;
    exitCodesHeading: string;
    examplesHeading: string;
    moreHelp: string;
    globalOptions: Record<string, string>;
    /** Placeholder shown after an option that takes a value, such as PATH in `--from-env-file PATH`. */
    placeholders: Record<string, string>;
    exitCodes: Record<'ok' | 'failure' | 'usage' | 'degraded' | 'awsAccess', string>;
    commands: Record<CommandName, CommandHelp>;
  };
}

/** Catalogs by language. */
export const MESSAGES: Record<Language, Messages> = { en, de };

/**
 * Picks the language: --lang when given, else German when the locale (LC_ALL, else LC_MESSAGES,
 * else LANG, the POSIX order) starts with `de`, else English. An invalid --lang value is
 * returned as null so the caller can report it.
 */
export function detectLanguage(option: string | undefined, env: Record<string, string | undefined>): Language | null {
  if (option !== undefined) return (LANGUAGES as readonly string[]).includes(option) ? (option as Language) : null;
  const locale = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '';
  return /^de([_.@-]|$)/i.test(locale) ? 'de' : 'en';
}
