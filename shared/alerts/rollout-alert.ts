import type { AlertLanguage } from '../config/config.js';
import type { InstanceOutcome } from '../rollout/outcome.js';
import type { DesiredAfterStop } from '../rollout/restore-desired.js';
import type { RolloutSummary } from '../rollout/summary.js';
import type { Alert } from './alert.js';
import { ALERT_CATALOGS, type AlertCatalog } from './catalog.js';
import { MAX_MESSAGE_BYTES, toSnsSubject, utf8Bytes } from './limits.js';

/** Room kept free below the SNS limit for the closing advice and the cut note. */
const BODY_RESERVE_BYTES = 8_192;

export interface RolloutAlertContext {
  language: AlertLanguage;
  stackName: string;
  /** `tag:KEY=VALUE[,VALUE]`, shown when no instance was targeted. */
  targetDescription: string;
  /** Compose service on the instances, named in the advice. */
  composeService: string;
  /** A canary wave's failure stops the rollout and reads differently. @default 'fleet' */
  phase?: 'canary' | 'fleet';
  /** State of the `desired` label after a failed canary. */
  desiredAfterCanary?: DesiredAfterStop;
}

/**
 * Writes the alert for a finished command: what happened per instance, and what to do. Returns
 * undefined when every instance is fine and no success message is wanted.
 */
export function rolloutAlert(summary: RolloutSummary, context: RolloutAlertContext, notifyOnSuccess: boolean): Alert | undefined {
  const text = ALERT_CATALOGS[context.language];
  const parameter = summary.parameter ?? '?';
  const version = summary.version ?? '?';
  const prefix = `[${context.stackName}] `;

  if (summary.instances.length === 0) {
    return {
      subject: toSnsSubject(prefix + text.subjectNoTargets(parameter, version)),
      message: [
        text.noTargetsIntro(parameter, version, context.targetDescription),
        '',
        text.commandLine(summary.commandId, summary.commandStatus),
        '',
        text.noTargetsAdvice,
      ].join('\n'),
    };
  }

  if (summary.healthy) {
    if (!notifyOnSuccess) return undefined;
    return {
      subject: toSnsSubject(prefix + text.subjectRolloutSucceeded(parameter, version, summary.instances.length)),
      message: [
        text.rolloutSucceededIntro(parameter, version, summary.fingerprint),
        '',
        text.commandLine(summary.commandId, summary.commandStatus),
        countsLine(summary, text),
      ].join('\n'),
    };
  }

  const problems = summary.instances.filter((instance) => instance.kind !== 'applied' && instance.kind !== 'unchanged');
  const fine = summary.instances.filter((instance) => instance.kind === 'applied' || instance.kind === 'unchanged');
  const canary = context.phase === 'canary';
  const head = [
    canary
      ? text.canaryFailedIntro(parameter, version, summary.fingerprint, summary.instances.length)
      : text.rolloutProblemIntro(parameter, version, summary.fingerprint),
    ...(canary && context.desiredAfterCanary ? [desiredLine(context.desiredAfterCanary, version, text)] : []),
    '',
    text.commandLine(summary.commandId, summary.commandStatus),
    countsLine(summary, text),
    '',
    text.needsAttentionHeading,
  ];
  const advice = ['', text.adviceHeading, ...adviceLines(problems, text, context.composeService)];
  const body = fitLines(head, problems.map((instance) => problemLine(instance, text)), text);
  const tail = fine.length > 0 ? ['', text.runningNewHeading, wrapIds(fine.map((instance) => instance.instanceId).sort())] : [];
  let message = [...body, ...advice, ...tail].join('\n');
  if (utf8Bytes(message) > MAX_MESSAGE_BYTES) message = [...body, ...advice].join('\n');

  return {
    subject: toSnsSubject(
      prefix +
        (canary
          ? text.subjectCanaryFailed(parameter, version)
          : text.subjectRolloutProblem(parameter, version, problems.length, summary.instances.length)),
    ),
    message,
  };
}

function desiredLine(desired: DesiredAfterStop, version: string, text: AlertCatalog): string {
  switch (desired.kind) {
    case 'restored':
      return text.canaryDesiredRestored(String(desired.version));
    case 'newer':
      return text.canaryDesiredNewer;
    case 'kept':
      return text.canaryDesiredKept(version);
  }
}

function countsLine(summary: RolloutSummary, text: AlertCatalog): string {
  const parts = (Object.keys(summary.counts) as Array<keyof RolloutSummary['counts']>)
    .filter((kind) => summary.counts[kind] > 0)
    .map((kind) => `${text.kindLabel[kind]}: ${summary.counts[kind]}`);
  return `${text.countsHeading}: ${parts.join(', ')}`;
}

function problemLine(instance: InstanceOutcome, text: AlertCatalog): string {
  const details = [text.kindLabel[instance.kind]];
  if (instance.step) details.push(`${text.stepLabel} ${instance.step}`);
  else if (instance.reason) details.push(instance.reason);
  const message = instance.message ? `: ${instance.message}` : '';
  return `- ${instance.instanceId}: ${details.join(', ')}${message}`;
}

function adviceLines(problems: InstanceOutcome[], text: AlertCatalog, composeService: string): string[] {
  const kinds = new Set(problems.map((instance) => instance.kind));
  return (['rolled_back', 'failed', 'not_reached', 'pending'] as const)
    .filter((kind) => kinds.has(kind))
    .map((kind) => `- ${text.advice[kind](composeService)}`);
}

/** Appends lines to the head while the message stays under the SNS limit; notes how many were cut. */
function fitLines(head: string[], lines: string[], text: AlertCatalog): string[] {
  const budget = MAX_MESSAGE_BYTES - BODY_RESERVE_BYTES;
  const kept = [...head];
  let size = utf8Bytes(head.join('\n'));
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const lineSize = utf8Bytes(line) + 1;
    if (size + lineSize > budget) {
      kept.push(text.listCut(lines.length - index));
      return kept;
    }
    kept.push(line);
    size += lineSize;
  }
  return kept;
}

function wrapIds(ids: string[]): string {
  const maxShown = 200;
  const shown = ids.slice(0, maxShown).join(', ');
  return ids.length > maxShown ? `${shown}, ... (+${ids.length - maxShown})` : shown;
}
