/**
 * Tests an event against an EventBridge pattern. Supports what this service's patterns use:
 * nested objects and arrays of exact string values (a field matches when its value, or any
 * element of an array value, equals one of them). Other matchers (prefix, anything-but,
 * numeric) never match, so an unsupported pattern fails closed.
 */
export function matchesPattern(pattern: Record<string, unknown>, event: unknown): boolean {
  if (typeof event !== 'object' || event === null) return false;
  const record = event as Record<string, unknown>;
  return Object.entries(pattern).every(([key, rule]) => matchesRule(rule, record[key]));
}

function matchesRule(rule: unknown, value: unknown): boolean {
  if (Array.isArray(rule)) {
    const candidates = Array.isArray(value) ? value : [value];
    return candidates.some((candidate) => rule.some((allowed) => typeof allowed !== 'object' && allowed === candidate));
  }
  if (typeof rule === 'object' && rule !== null) {
    return matchesPattern(rule as Record<string, unknown>, value);
  }
  return false;
}
