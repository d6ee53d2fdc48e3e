/** Formats a time as `2026-12-04 20:31 UTC`, the same in every language. */
export function formatTime(time: Date | null): string {
  if (time === null) return '-';
  return `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
