// Filters of DescribeParameters and GetParametersByPath, as predicates over a parameter's latest version.
import { AwsError } from '../errors.js';
import type { JsonInput } from './input.js';
import type { ParameterVersion } from './parameters.js';

/** Returns whether a parameter (its name and latest version) passes a filter. */
export type ParameterPredicate = (name: string, latest: ParameterVersion) => boolean;

/** Returns a predicate for the deprecated `Filters` member: Name matches by prefix, Type and KeyId by equality. */
export function legacyFilter(filter: JsonInput): ParameterPredicate {
  const key = filter['Key'];
  const values = stringValues(filter, String(key));
  switch (key) {
    case 'Name':
      return (name) => values.some((value) => name.startsWith(value));
    case 'Type':
      return (_name, latest) => values.includes(latest.type);
    case 'KeyId':
      return (_name, latest) => latest.keyId !== undefined && values.includes(latest.keyId);
    default:
      throw new AwsError('InvalidFilterKey', `Filter key ${String(key)} is not supported: use Name, Type or KeyId.`);
  }
}

/** Returns a predicate for `ParameterFilters`: Name (Equals, BeginsWith, Contains), Type, KeyId, Tier, DataType, Path. */
export function parameterFilter(filter: JsonInput): ParameterPredicate {
  const key = filter['Key'];
  const option = typeof filter['Option'] === 'string' ? filter['Option'] : undefined;
  const values = stringValues(filter, String(key));
  const equalsOnly = (field: (latest: ParameterVersion) => string | undefined): ParameterPredicate => {
    if (option !== undefined && option !== 'Equals') {
      throw new AwsError('InvalidFilterOption', `Filter ${String(key)} supports only the option Equals, not ${option}.`);
    }
    return (_name, latest) => {
      const actual = field(latest);
      return actual !== undefined && values.includes(actual);
    };
  };
  switch (key) {
    case 'Name':
      return nameFilter(option ?? 'Equals', values);
    case 'Type':
      return equalsOnly((latest) => latest.type);
    case 'KeyId':
      return equalsOnly((latest) => latest.keyId);
    case 'Tier':
      return equalsOnly((latest) => latest.tier);
    case 'DataType':
      return equalsOnly((latest) => latest.dataType);
    case 'Path':
      return pathFilter(option ?? 'OneLevel', values);
    default:
      throw new AwsError(
        'InvalidFilterKey',
        `Parameter filter key ${String(key)} is not supported here: use Name, Type, KeyId, Tier, DataType or Path.`,
      );
  }
}

function nameFilter(option: string, values: string[]): ParameterPredicate {
  // Names in filters may be given without their leading slash, as the console does.
  const normalize = (name: string): string => name.replace(/^\//, '');
  switch (option) {
    case 'Equals':
      return (name) => values.some((value) => normalize(name) === normalize(value));
    case 'BeginsWith':
      return (name) => values.some((value) => normalize(name).startsWith(normalize(value)));
    case 'Contains':
      return (name) => values.some((value) => name.includes(value));
    default:
      throw new AwsError('InvalidFilterOption', `Filter Name supports Equals, BeginsWith or Contains, not ${option}.`);
  }
}

export function pathFilter(option: string, values: string[]): ParameterPredicate {
  if (option !== 'OneLevel' && option !== 'Recursive') {
    throw new AwsError('InvalidFilterOption', `Filter Path supports OneLevel or Recursive, not ${option}.`);
  }
  return (name) =>
    values.some((path) => {
      const prefix = path.endsWith('/') ? path : `${path}/`;
      if (!name.startsWith(prefix)) {
        return false;
      }
      return option === 'Recursive' || !name.slice(prefix.length).includes('/');
    });
}

function stringValues(filter: JsonInput, key: string): string[] {
  const values = filter['Values'];
  if (!Array.isArray(values) || values.length === 0 || values.some((value) => typeof value !== 'string')) {
    throw new AwsError('InvalidFilterValue', `Filter ${key} needs a non-empty list of string Values.`);
  }
  return values as string[];
}

/** Returns a predicate for a `ParameterFilters` entry of GetParametersByPath: Type, KeyId or DataType. */
export function byPathFilter(filter: JsonInput): ParameterPredicate {
  const key = filter['Key'];
  if (key !== 'Type' && key !== 'KeyId' && key !== 'DataType') {
    throw new AwsError(
      'InvalidFilterKey',
      `GetParametersByPath filter key ${String(key)} is not supported locally: use Type, KeyId or DataType, and Path with Recursive.`,
    );
  }
  return parameterFilter(filter);
}
