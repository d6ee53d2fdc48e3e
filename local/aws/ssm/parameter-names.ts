// Parameter names, selectors, labels and ARNs, with the rules Parameter Store applies to them.
import { AwsError, validationError } from '../errors.js';

/** A parameter reference split into name and optional `:version` or `:label` selector. */
export interface ParameterReference {
  name: string;
  selector: { kind: 'version'; version: number; text: string } | { kind: 'label'; label: string; text: string } | undefined;
}

const NAME_CHARACTERS = /^[a-zA-Z0-9_.\-/]+$/;
/** Parameter Store allows at most 15 levels in a hierarchy (`/a/b/.../o`). */
const MAX_HIERARCHY_LEVELS = 15;
/** Maximum name length in characters (the ARN may have up to 2,048). */
const MAX_NAME_LENGTH = 1011;
const MAX_LABEL_LENGTH = 100;

/** Checks a parameter name for PutParameter: characters, reserved prefixes, hierarchy depth. */
export function checkParameterName(name: string): void {
  if (name.length > MAX_NAME_LENGTH) {
    throw validationError('name', name, `Member must have length less than or equal to ${MAX_NAME_LENGTH}`);
  }
  if (!NAME_CHARACTERS.test(name)) {
    throw new AwsError(
      'ValidationException',
      `Parameter name '${name}' is not valid: use only a-z, A-Z, 0-9, '_', '.', '-' and '/' between levels.`,
    );
  }
  if (name.includes('/') && !name.startsWith('/')) {
    throw new AwsError(
      'ValidationException',
      `Parameter name '${name}' is not valid: a hierarchical name must start with '/'.`,
    );
  }
  const firstLevel = name.replace(/^\//, '').toLowerCase();
  if (firstLevel.startsWith('aws') || firstLevel.startsWith('ssm')) {
    throw new AwsError(
      'ValidationException',
      `Parameter name '${name}' is not valid: it can't be prefixed with "aws" or "ssm" (case-insensitive).`,
    );
  }
  const levels = name.split('/').filter((level) => level !== '').length;
  if (levels > MAX_HIERARCHY_LEVELS) {
    throw new AwsError(
      'HierarchyLevelLimitExceededException',
      `Parameter name '${name}' has ${levels} levels; a hierarchy can have at most ${MAX_HIERARCHY_LEVELS}.`,
    );
  }
}

/** Returns the parameter ARN for a name, as AWS spells it (one slash between `parameter` and the name). */
export function parameterArn(region: string, accountId: string, name: string): string {
  const path = name.startsWith('/') ? name : `/${name}`;
  return `arn:aws:ssm:${region}:${accountId}:parameter${path}`;
}

/** Splits `name`, `name:3`, `name:label` or a parameter ARN with a selector into its parts. */
export function parseParameterReference(reference: string): ParameterReference {
  const withoutArn = stripArn(reference);
  const colon = withoutArn.indexOf(':');
  if (colon === -1) {
    return { name: withoutArn, selector: undefined };
  }
  const name = withoutArn.slice(0, colon);
  const text = withoutArn.slice(colon + 1);
  if (/^[0-9]+$/.test(text)) {
    return { name, selector: { kind: 'version', version: Number(text), text: `:${text}` } };
  }
  return { name, selector: { kind: 'label', label: text, text: `:${text}` } };
}

/** Returns why a label is invalid, or undefined when LabelParameterVersion may attach it. */
export function labelProblem(label: string): string | undefined {
  if (label.length === 0 || label.length > MAX_LABEL_LENGTH) {
    return `must have 1 to ${MAX_LABEL_LENGTH} characters`;
  }
  if (/^[0-9]/.test(label)) {
    return "can't begin with a number";
  }
  if (/^(aws|ssm)/i.test(label)) {
    return 'can\'t begin with "aws" or "ssm"';
  }
  if (!/^[a-zA-Z0-9_.-]+$/.test(label)) {
    return "may contain only letters, numbers, '.', '-' and '_'";
  }
  return undefined;
}

function stripArn(reference: string): string {
  const match = /^arn:aws[a-z-]*:ssm:[a-z0-9-]*:[0-9]*:parameter(\/.*)$/.exec(reference);
  if (match === null) {
    return reference;
  }
  const path = match[1] ?? '';
  // An ARN always has a slash after `parameter`; a name without its own leading slash drops it.
  return path.lastIndexOf('/') === 0 ? path.slice(1) : path;
}
