import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import type { PropertyType, Resource, SpecDatabase, TypeDefinition } from '@aws-cdk/service-spec-types';
import type { Template } from './package-stack.js';

/** One mismatch between the template and the CloudFormation resource schemas. */
export interface SchemaProblem {
  /** Where it is, such as `DeadLetterQueue.Properties.QueueName`. */
  path: string;
  message: string;
}

let database: SpecDatabase | undefined;

/** Loads the schemas shipped by @aws-cdk/aws-service-spec once per test file (about 0.6 s). */
export function specDatabase(): SpecDatabase {
  database ??= loadAwsServiceSpecSync();
  return database;
}

/** Returns the schema of a resource type, or undefined when CloudFormation has no such type. */
export function resourceSpec(type: string): Resource | undefined {
  return specDatabase().lookup('resource', 'cloudFormationType', 'equals', type)[0];
}

function isIntrinsic(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
}

function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Checks a value against a property type; returns the problems found (none means it fits). */
function checkValue(value: unknown, type: PropertyType, path: string): SchemaProblem[] {
  if (isIntrinsic(value)) return [];
  switch (type.type) {
    case 'string':
    case 'date-time':
      return isScalar(value) ? [] : [{ path, message: `expected a string, got ${JSON.stringify(value)}` }];
    case 'number':
    case 'integer':
      return typeof value === 'number' || (typeof value === 'string' && /^-?[0-9.]+$/.test(value))
        ? []
        : [{ path, message: `expected a number, got ${JSON.stringify(value)}` }];
    case 'boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false'
        ? []
        : [{ path, message: `expected a boolean, got ${JSON.stringify(value)}` }];
    case 'json':
    case 'null':
      return [];
    case 'tag':
      return checkObject(value, { Key: { type: { type: 'string' }, required: true }, Value: { type: { type: 'string' }, required: true } }, path);
    case 'array':
      if (!Array.isArray(value)) return [{ path, message: `expected a list, got ${JSON.stringify(value)}` }];
      return value.flatMap((item, index) => checkValue(item, type.element, `${path}[${index}]`));
    case 'map':
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return [{ path, message: `expected a map, got ${JSON.stringify(value)}` }];
      }
      return Object.entries(value).flatMap(([key, item]) => checkValue(item, type.element, `${path}.${key}`));
    case 'ref': {
      const definition = specDatabase().get('typeDefinition', type.reference) as TypeDefinition;
      return checkObject(value, definition.properties, path);
    }
    case 'union': {
      const attempts = type.types.map((member) => checkValue(value, member, path));
      return attempts.some((problems) => problems.length === 0) ? [] : attempts[0] ?? [];
    }
    default:
      return [{ path, message: `unhandled schema type ${JSON.stringify(type)}` }];
  }
}

/** Checks an object's keys against a set of property schemas: unknown keys, missing required ones, values. */
function checkObject(
  value: unknown,
  properties: Record<string, { type: PropertyType; required?: boolean }>,
  path: string,
): SchemaProblem[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [{ path, message: `expected an object, got ${JSON.stringify(value)}` }];
  }
  const problems: SchemaProblem[] = [];
  const actual = value as Record<string, unknown>;
  for (const [name, item] of Object.entries(actual)) {
    const spec = properties[name];
    if (!spec) problems.push({ path: `${path}.${name}`, message: 'unknown property' });
    else problems.push(...checkValue(item, spec.type, `${path}.${name}`));
  }
  for (const [name, spec] of Object.entries(properties)) {
    if (spec.required && !(name in actual)) problems.push({ path: `${path}.${name}`, message: 'required property is missing' });
  }
  return problems;
}

const PSEUDO_PARAMETER = /^AWS::/;

/** Collects every Ref, Fn::GetAtt and Fn::Sub reference below a value. */
function collectReferences(value: unknown, found: Array<{ target: string; attribute?: string }>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, found);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, item] of Object.entries(value)) {
    if (key === 'Ref' && typeof item === 'string') found.push({ target: item });
    else if (key === 'Fn::GetAtt' && Array.isArray(item)) found.push({ target: String(item[0]), attribute: String(item[1]) });
    else if (key === 'Fn::Sub') {
      const text = Array.isArray(item) ? String(item[0]) : String(item);
      for (const match of text.matchAll(/\$\{([^}!]+)\}/g)) {
        const [target, attribute] = match[1]!.split('.');
        found.push({ target: target!, ...(attribute ? { attribute } : {}) });
      }
    }
    collectReferences(item, found);
  }
}

/**
 * Validates a packaged template against the current CloudFormation resource schemas: every type
 * exists, every property is known, required properties are present and values have the schema's
 * shape (intrinsic functions are accepted wherever a value goes). References must point at a
 * resource of the template or a pseudo parameter, and Fn::GetAtt at an attribute the type has.
 */
export function validateTemplate(template: Template): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const spec = resourceSpec(resource.Type);
    if (!spec) {
      problems.push({ path: logicalId, message: `unknown resource type ${resource.Type}` });
      continue;
    }
    problems.push(...checkObject(resource.Properties ?? {}, spec.properties, `${logicalId}.Properties`));

    const references: Array<{ target: string; attribute?: string }> = [];
    collectReferences(resource, references);
    for (const { target, attribute } of references) {
      if (PSEUDO_PARAMETER.test(target)) continue;
      const referenced = template.Resources[target];
      if (!referenced) {
        problems.push({ path: logicalId, message: `refers to ${target}, which is not a resource of the template` });
        continue;
      }
      const referencedSpec = resourceSpec(referenced.Type);
      if (attribute && referencedSpec && !(attribute in referencedSpec.attributes)) {
        problems.push({ path: logicalId, message: `reads attribute ${attribute} of ${target} (${referenced.Type}), which has no such attribute` });
      }
    }
  }
  const outputReferences: Array<{ target: string; attribute?: string }> = [];
  collectReferences(template.Outputs ?? {}, outputReferences);
  for (const { target } of outputReferences) {
    if (!PSEUDO_PARAMETER.test(target) && !template.Resources[target]) {
      problems.push({ path: 'Outputs', message: `refers to ${target}, which is not a resource of the template` });
    }
  }
  return problems;
}
