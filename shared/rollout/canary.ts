/** SendCommand takes at most 50 instance ids; a larger canary is cut to that. */
export const MAX_CANARY_INSTANCES = 50;

/**
 * Returns how many instances the canary wave gets: a count (`3`) as is, a percentage (`5%`) of
 * the online fleet rounded up, at least one while any instance is online, at most 50.
 */
export function canaryCount(canarySize: string, onlineFleetSize: number | null): number {
  if (canarySize.endsWith('%')) {
    const percent = Number(canarySize.slice(0, -1));
    const size = onlineFleetSize ?? 0;
    return Math.min(MAX_CANARY_INSTANCES, size === 0 ? 0 : Math.max(1, Math.ceil((size * percent) / 100)));
  }
  return Math.min(MAX_CANARY_INSTANCES, Number(canarySize));
}

/** True when the canary size depends on the fleet size, so every online instance must be listed. */
export function canaryNeedsFleetSize(canarySize: string): boolean {
  return canarySize.endsWith('%');
}
