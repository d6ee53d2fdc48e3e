import { finding, type Finding } from './finding.js';

const DAY_MS = 86_400_000;

/**
 * Compares the age of the token's latest version with the maximum age: a warning inside the
 * warning window before it, an error from the maximum age on.
 */
export function tokenAgeFindings(
  parameter: string,
  token: { version: number; lastModified: Date | null },
  limits: { tokenMaxAgeDays: number; tokenWarningDays: number },
  now: Date,
): Finding[] {
  if (token.lastModified === null) return [];
  const ageDays = Math.floor((now.getTime() - token.lastModified.getTime()) / DAY_MS);
  const daysLeft = limits.tokenMaxAgeDays - ageDays;
  if (daysLeft > limits.tokenWarningDays) return [];
  return [
    finding(parameter, 'age', daysLeft > 0 ? 'warning' : 'error', {
      kind: 'token_age',
      version: token.version,
      lastModified: token.lastModified.toISOString(),
      ageDays,
      maxAgeDays: limits.tokenMaxAgeDays,
      daysLeft,
    }),
  ];
}
