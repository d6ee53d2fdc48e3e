import * as z from 'zod/mini';

/** Prefix of the last stdout line of the on-instance script; JSON follows it. */
export const RESULT_MARKER = 'HF_TOKEN_ROTATION_RESULT ';

export const SCRIPT_STATUSES = ['applied', 'unchanged', 'rolled_back', 'failed'] as const;
export type ScriptStatus = (typeof SCRIPT_STATUSES)[number];

const nullableText = z.optional(z.nullable(z.string()));

const ResultLineSchema = z.object({
  status: z.enum(SCRIPT_STATUSES),
  version: nullableText,
  previousVersion: nullableText,
  fingerprint: nullableText,
  step: nullableText,
  message: nullableText,
});

/** Result one instance reported about its run. */
export interface ScriptResult {
  status: ScriptStatus;
  version: string | null;
  previousVersion: string | null;
  fingerprint: string | null;
  step: string | null;
  message: string | null;
}

/** Maximum length of a script message; a longer one is cut, because it ends up in alert text. */
const MAX_MESSAGE_LENGTH = 300;

/**
 * Finds the last result line in a script's output and parses it. Returns undefined when there is
 * none (the script did not finish, or Run Command cut the output) or when it is not valid JSON of
 * the expected shape. Text fields are stripped of control characters because they reach alerts.
 */
export function parseResultLine(output: string | undefined): ScriptResult | undefined {
  if (!output) return undefined;
  const lines = output.split(/\r?\n/);
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const line = lines[index] ?? '';
    if (!line.startsWith(RESULT_MARKER)) continue;
    let json: unknown;
    try {
      json = JSON.parse(line.slice(RESULT_MARKER.length));
    } catch {
      return undefined;
    }
    const parsed = ResultLineSchema.safeParse(json);
    if (!parsed.success) return undefined;
    return {
      status: parsed.data.status,
      version: cleanText(parsed.data.version, 32),
      previousVersion: cleanText(parsed.data.previousVersion, 32),
      fingerprint: cleanText(parsed.data.fingerprint, 32),
      step: cleanText(parsed.data.step, 40),
      message: cleanText(parsed.data.message, MAX_MESSAGE_LENGTH),
    };
  }
  return undefined;
}

function cleanText(value: string | null | undefined, maxLength: number): string | null {
  if (value === undefined || value === null) return null;
  // eslint-disable-next-line no-control-regex
  const printable = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return printable.length > maxLength ? `${printable.slice(0, maxLength - 1)}…` : printable;
}
