// Reading members of a JSON 1.1 request body. A wrong type or a missing required member is
// rejected with SSM's ValidationException, as the service does before it runs an operation.
import { AwsError, validationError } from '../errors.js';

/** A decoded JSON 1.1 request body. */
export type JsonInput = Record<string, unknown>;

/** Returns a required string member, rejecting a missing, empty or non-string value. */
export function requireString(input: JsonInput, member: string): string {
  const value = input[member];
  if (typeof value !== 'string' || value === '') {
    throw validationError(lowerFirst(member), value ?? 'null', 'Member must not be null and must be a non-empty string');
  }
  return value;
}

/** Returns an optional string member. */
export function optionalString(input: JsonInput, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw validationError(lowerFirst(member), value, 'Member must be a string');
  }
  return value;
}

/** Returns an optional boolean member. */
export function optionalBoolean(input: JsonInput, member: string): boolean | undefined {
  const value = input[member];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'boolean') {
    throw validationError(lowerFirst(member), value, 'Member must be a boolean');
  }
  return value;
}

/** Returns an optional integer member within `[min, max]`. */
export function optionalInteger(input: JsonInput, member: string, min: number, max: number): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw validationError(lowerFirst(member), value, `Member must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** Returns an optional list of strings. */
export function optionalStringList(input: JsonInput, member: string): string[] | undefined {
  const value = input[member];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw validationError(lowerFirst(member), JSON.stringify(value), 'Member must be a list of strings');
  }
  return value as string[];
}

/** Returns an optional list of objects (filters, targets, inventory items). */
export function optionalObjectList(input: JsonInput, member: string): JsonInput[] | undefined {
  const value = input[member];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'object' || item === null || Array.isArray(item))) {
    throw validationError(lowerFirst(member), JSON.stringify(value), 'Member must be a list of structures');
  }
  return value as JsonInput[];
}

/** Returns an optional map from strings to lists of strings (SendCommand Parameters). */
export function optionalStringListMap(input: JsonInput, member: string): Record<string, string[]> | undefined {
  const value = input[member];
  if (value === undefined || value === null) {
    return undefined;
  }
  const valid =
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value as object).every(
      (list) => Array.isArray(list) && list.every((item) => typeof item === 'string'),
    );
  if (!valid) {
    throw new AwsError('InvalidParameters', `${member} must map each parameter name to a list of strings.`);
  }
  return value as Record<string, string[]>;
}

/** SSM names members in validation messages with a lower-case first letter (`name`, `maxResults`). */
function lowerFirst(member: string): string {
  return member.charAt(0).toLowerCase() + member.slice(1);
}
