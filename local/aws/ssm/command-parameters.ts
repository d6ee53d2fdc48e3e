// Validation of SendCommand parameters against the document, and the values the agent receives.
import type { CommandDocumentContent } from '../../types.js';
import { AwsError } from '../errors.js';

type ParameterSpec = CommandDocumentContent['parameters'][string] & { allowedValues?: string[] };

/**
 * Checks the request's parameters against the document and returns one value per document
 * parameter with defaults applied, as the agent receives them.
 *
 * Values are never quoted in error messages: the design keeps secrets out of command parameters,
 * but a caller's mistake must not turn into a secret in a log line either.
 *
 * @throws AwsError `InvalidParameters` for an unknown parameter, a missing required one, a wrong
 *   number of values or a value that fails `allowedPattern` / `allowedValues`
 */
export function resolveCommandParameters(
  documentName: string,
  document: CommandDocumentContent,
  requested: Record<string, string[]>,
): Record<string, string> {
  const specs = document.parameters as Record<string, ParameterSpec>;
  for (const name of Object.keys(requested)) {
    if (!Object.hasOwn(specs, name)) {
      throw invalid(
        `Parameter "${name}" is not defined in document ${documentName}. Defined parameters: ${Object.keys(specs).join(', ') || 'none'}.`,
      );
    }
  }

  const resolved: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const values = requested[name];
    if (values === undefined) {
      if (spec.default === undefined) {
        throw invalid(`Parameter "${name}" of document ${documentName} is required and has no default value.`);
      }
      resolved[name] = spec.default;
      continue;
    }
    checkValueCount(name, spec, values);
    values.forEach((value, index) => checkValue(name, spec, value, index));
    resolved[name] = values.join(',');
  }
  return resolved;
}

function checkValueCount(name: string, spec: ParameterSpec, values: string[]): void {
  if (spec.type === 'String' && values.length !== 1) {
    throw invalid(`Parameter "${name}" is of type String and takes exactly one value (got ${values.length}).`);
  }
  if (spec.type === 'StringList' && values.length === 0) {
    throw invalid(`Parameter "${name}" is of type StringList and needs at least one value.`);
  }
}

function checkValue(name: string, spec: ParameterSpec, value: string, index: number): void {
  if (spec.allowedPattern !== undefined && !new RegExp(spec.allowedPattern).test(value)) {
    throw invalid(`Value ${index + 1} of parameter "${name}" failed to satisfy constraint: allowedPattern ${spec.allowedPattern}.`);
  }
  if (spec.allowedValues !== undefined && !spec.allowedValues.includes(value)) {
    throw invalid(`Value ${index + 1} of parameter "${name}" is not one of its allowedValues: ${spec.allowedValues.join(', ')}.`);
  }
}

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameters', message);
}

/**
 * Returns the execution timeout in seconds of the document's first step. A `{{ name }}` reference
 * takes the parameter's value; a missing value uses the SSM default of 3,600 seconds.
 */
export function executionTimeoutSeconds(document: CommandDocumentContent, parameters: Record<string, string>): number {
  const raw = document.mainSteps[0]?.inputs.timeoutSeconds;
  if (raw === undefined) {
    return 3600;
  }
  const text = String(raw).replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_match, name: string) => parameters[name] ?? '');
  const seconds = Number(text);
  return Number.isInteger(seconds) && seconds > 0 ? seconds : 3600;
}
