import type { Alert } from '../alerts/alert.js';
import { MAX_MESSAGE_BYTES, toSnsSubject, utf8Bytes } from '../alerts/limits.js';
import type { AlertLanguage } from '../config/config.js';
import { CHECK_CATALOGS, type CheckCatalog, type FindingText } from './catalog.js';
import { SEVERITY_RANK, type Finding, type FindingDetail } from './finding.js';

/** Instance lines shown per finding; the rest is counted. */
export const MAX_LINES_PER_FINDING = 50;
/** Room kept below the SNS limit for the cut note. */
const RESERVE_BYTES = 1_024;

export interface CheckAlertContext {
  language: AlertLanguage;
  stackName: string;
  time: Date;
}

/** Returns the text of a finding in the language of the catalog. */
export function findingText(item: Finding, text: CheckCatalog): FindingText {
  const render = text.findings[item.detail.kind] as (detail: FindingDetail, parameter: string) => FindingText;
  return render(item.detail, item.parameter);
}

/**
 * Writes one message for the findings of a run, most severe first: title, what was found and
 * what to do for each. Findings that would push the message over the SNS limit are counted, not shown.
 */
export function checkAlert(findings: Finding[], context: CheckAlertContext): Alert {
  const text = CHECK_CATALOGS[context.language];
  const sorted = [...findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
  const highest = sorted[0]?.severity ?? 'info';
  const time = context.time.toISOString().replace(/\.\d{3}Z$/, 'Z');

  const blocks: string[] = [text.digestIntro(sorted.length, time)];
  let size = utf8Bytes(blocks[0] ?? '');
  for (let index = 0; index < sorted.length; index += 1) {
    const block = findingBlock(sorted[index] as Finding, text);
    const blockSize = utf8Bytes(block) + 2;
    if (size + blockSize > MAX_MESSAGE_BYTES - RESERVE_BYTES) {
      blocks.push(text.listCut(sorted.length - index));
      break;
    }
    blocks.push(block);
    size += blockSize;
  }

  return {
    subject: toSnsSubject(`[${context.stackName}] ${text.subjectDigest(sorted.length, highest)}`),
    message: blocks.join('\n\n'),
  };
}

function findingBlock(item: Finding, text: CheckCatalog): string {
  const rendered = findingText(item, text);
  const lines = [`[${text.severityLabel[item.severity]}] ${rendered.title}`, rendered.body];
  const listed = rendered.lines ?? [];
  lines.push(...listed.slice(0, MAX_LINES_PER_FINDING));
  if (listed.length > MAX_LINES_PER_FINDING) lines.push(text.moreLines(listed.length - MAX_LINES_PER_FINDING));
  lines.push(`${text.adviceLabel} ${rendered.advice}`);
  return lines.join('\n');
}
