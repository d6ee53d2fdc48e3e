/** Parses a version as instances and inventory report it (`7`); anything else is null. */
export function parseVersion(text: string | null | undefined): number | null {
  if (text === null || text === undefined || !/^[1-9][0-9]{0,9}$/.test(text)) return null;
  return Number(text);
}

/** Parses an ISO time; an absent or invalid time is null. */
export function parseTime(text: string | null | undefined): Date | null {
  if (!text) return null;
  const time = new Date(text);
  return Number.isNaN(time.getTime()) ? null : time;
}
