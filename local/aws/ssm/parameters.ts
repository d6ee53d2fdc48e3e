// Parameter Store: versions, labels, selectors, SecureString handling and change events.
import { createHmac, randomBytes } from 'node:crypto';
import { AwsError, validationError } from '../errors.js';
import { epochSeconds, ssmEvent, type ServiceContext } from '../context.js';
import { paginate } from '../pagination.js';
import type { CallInfo } from './call-info.js';
import {
  optionalBoolean,
  optionalInteger,
  optionalObjectList,
  optionalString,
  optionalStringList,
  requireString,
  type JsonInput,
} from './input.js';
import { byPathFilter, legacyFilter, parameterFilter, pathFilter } from './parameter-filters.js';
import { checkParameterName, labelProblem, parameterArn, parseParameterReference } from './parameter-names.js';

export type ParameterType = 'String' | 'StringList' | 'SecureString';
export type ParameterTier = 'Standard' | 'Advanced';

/** One stored version of a parameter. */
export interface ParameterVersion {
  name: string;
  version: number;
  value: string;
  type: ParameterType;
  keyId: string | undefined;
  description: string | undefined;
  allowedPattern: string | undefined;
  tier: ParameterTier;
  dataType: string;
  lastModifiedDate: Date;
  lastModifiedUser: string;
  labels: string[];
}

/** Metadata of one parameter version as the inspection API shows it; the value is left out on purpose. */
export interface ParameterVersionInfo {
  version: number;
  type: ParameterType;
  description: string | undefined;
  labels: string[];
  lastModifiedDate: Date;
  keyId: string | undefined;
}

const PARAMETER_TYPES: readonly string[] = ['String', 'StringList', 'SecureString'];
/** Value limits per tier in characters (Parameter Store quotas: 4 KB standard, 8 KB advanced). */
const MAX_VALUE_LENGTH: Record<ParameterTier, number> = { Standard: 4096, Advanced: 8192 };
/** Parameter Store keeps the latest 100 versions of a parameter. */
const MAX_VERSIONS = 100;
const MAX_LABELS_PER_VERSION = 10;
const DEFAULT_KEY_ID = 'alias/aws/ssm';

/** The parameters of one account and region, with the Parameter Store operations on them. */
export class ParameterStore {
  private readonly parameters = new Map<string, ParameterVersion[]>();
  /** Key for the stand-in ciphertext of SecureString values read without decryption. */
  private readonly ciphertextKey = randomBytes(32);

  constructor(private readonly context: ServiceContext) {}

  /** Metadata of every version of `name`, oldest first, without values; empty when it does not exist. */
  history(name: string): ParameterVersionInfo[] {
    return (this.parameters.get(name) ?? []).map((version) => ({
      version: version.version,
      type: version.type,
      description: version.description,
      labels: [...version.labels],
      lastModifiedDate: version.lastModifiedDate,
      keyId: version.keyId,
    }));
  }

  putParameter(input: JsonInput, call: CallInfo): JsonInput {
    const name = requireString(input, 'Name');
    checkParameterName(name);
    const value = readValue(input);
    const typeInput = optionalString(input, 'Type');
    const overwrite = optionalBoolean(input, 'Overwrite') ?? false;
    const tags = optionalObjectList(input, 'Tags');
    const existing = this.parameters.get(name);
    const latest = existing?.at(-1);

    if (typeInput !== undefined && !PARAMETER_TYPES.includes(typeInput)) {
      throw validationError('type', typeInput, 'Member must satisfy enum value set: [String, StringList, SecureString]');
    }
    if (latest !== undefined && !overwrite) {
      throw new AwsError(
        'ParameterAlreadyExists',
        `The parameter ${name} already exists. To overwrite this value, set the overwrite option in the request to true.`,
      );
    }
    if (latest !== undefined && tags !== undefined) {
      throw new AwsError(
        'ValidationException',
        `Invalid request for ${name}: tags and overwrite can't be used together. Tag an existing parameter with AddTagsToResource.`,
      );
    }
    const type = (typeInput ?? latest?.type) as ParameterType | undefined;
    if (type === undefined) {
      throw new AwsError('ValidationException', `A parameter type is required when you create a parameter (${name}): set Type.`);
    }

    const tier = readTier(input, latest?.tier);
    if (value.length > MAX_VALUE_LENGTH[tier]) {
      throw new AwsError(
        'ValidationException',
        `${tier} tier parameters support a maximum value of ${MAX_VALUE_LENGTH[tier]} characters (${name} has ${value.length}). Use Tier Advanced for larger values.`,
      );
    }
    const allowedPattern = optionalString(input, 'AllowedPattern') ?? latest?.allowedPattern;
    if (allowedPattern !== undefined && !matchesPattern(value, allowedPattern, name)) {
      // The value itself is never echoed: it may be a secret.
      throw new AwsError(
        'ParameterPatternMismatchException',
        `The value for ${name} does not match its allowedPattern ${allowedPattern}.`,
      );
    }
    const keyIdInput = optionalString(input, 'KeyId');
    if (keyIdInput !== undefined && type !== 'SecureString') {
      throw new AwsError('ValidationException', `KeyId applies only to SecureString parameters (${name} is ${type}).`);
    }

    const versions = existing ?? [];
    if (versions.length >= MAX_VERSIONS) {
      const oldest = versions[0];
      if (oldest !== undefined && oldest.labels.length > 0) {
        throw new AwsError(
          'ParameterMaxVersionLimitExceeded',
          `${name} already has ${MAX_VERSIONS} versions and its oldest, version ${oldest.version}, has labels. Move the labels ${oldest.labels.join(', ')} first.`,
        );
      }
      versions.shift();
    }
    const next: ParameterVersion = {
      name,
      version: (latest?.version ?? 0) + 1,
      value,
      type,
      keyId: type === 'SecureString' ? (keyIdInput ?? latest?.keyId ?? DEFAULT_KEY_ID) : undefined,
      description: optionalString(input, 'Description') ?? latest?.description,
      allowedPattern,
      tier,
      dataType: optionalString(input, 'DataType') ?? latest?.dataType ?? 'text',
      lastModifiedDate: this.context.now(),
      lastModifiedUser: call.userArn,
      labels: [],
    };
    versions.push(next);
    this.parameters.set(name, versions);
    this.emitChange(latest === undefined ? 'Create' : 'Update', name, next);
    return { Version: next.version, Tier: next.tier };
  }

  getParameter(input: JsonInput): JsonInput {
    const reference = requireString(input, 'Name');
    const withDecryption = optionalBoolean(input, 'WithDecryption') ?? false;
    const { version, selector } = this.resolve(reference);
    return { Parameter: this.describeVersion(version, withDecryption, selector) };
  }

  getParameters(input: JsonInput): JsonInput {
    const names = optionalStringList(input, 'Names');
    if (names === undefined || names.length === 0 || names.length > 10) {
      throw validationError('names', names?.length ?? 0, 'Member must have length between 1 and 10');
    }
    const withDecryption = optionalBoolean(input, 'WithDecryption') ?? false;
    const found: JsonInput[] = [];
    const invalid: string[] = [];
    for (const reference of names) {
      try {
        const { version, selector } = this.resolve(reference);
        found.push(this.describeVersion(version, withDecryption, selector));
      } catch (error) {
        if (error instanceof AwsError && (error.code === 'ParameterNotFound' || error.code === 'ParameterVersionNotFound')) {
          invalid.push(reference);
          continue;
        }
        throw error;
      }
    }
    return { Parameters: found, InvalidParameters: invalid };
  }

  getParameterHistory(input: JsonInput): JsonInput {
    const name = parseParameterReference(requireString(input, 'Name')).name;
    const versions = this.requireParameter(name);
    const withDecryption = optionalBoolean(input, 'WithDecryption') ?? false;
    const page = paginate(versions, {
      scope: `GetParameterHistory:${name}`,
      nextToken: optionalString(input, 'NextToken'),
      pageSize: optionalInteger(input, 'MaxResults', 1, 50) ?? 50,
    });
    return {
      Parameters: page.items.map((version) => ({
        Name: name,
        Type: version.type,
        ...(version.keyId === undefined ? {} : { KeyId: version.keyId }),
        LastModifiedDate: epochSeconds(version.lastModifiedDate),
        LastModifiedUser: version.lastModifiedUser,
        ...(version.description === undefined ? {} : { Description: version.description }),
        Value: this.visibleValue(name, version, withDecryption),
        ...(version.allowedPattern === undefined ? {} : { AllowedPattern: version.allowedPattern }),
        Version: version.version,
        Labels: [...version.labels],
        Tier: version.tier,
        Policies: [],
        DataType: version.dataType,
      })),
      ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
    };
  }

  labelParameterVersion(input: JsonInput): JsonInput {
    const name = parseParameterReference(requireString(input, 'Name')).name;
    const versions = this.requireParameter(name);
    const labels = optionalStringList(input, 'Labels') ?? [];
    if (labels.length === 0 || labels.length > MAX_LABELS_PER_VERSION) {
      throw validationError('labels', labels.length, `Member must have length between 1 and ${MAX_LABELS_PER_VERSION}`);
    }
    const requested = optionalInteger(input, 'ParameterVersion', 1, Number.MAX_SAFE_INTEGER);
    const target = requested === undefined ? versions.at(-1) : versions.find((version) => version.version === requested);
    if (target === undefined) {
      throw versionNotFound(name, String(requested));
    }

    const invalidLabels = labels.filter((label) => labelProblem(label) !== undefined);
    const validLabels = [...new Set(labels.filter((label) => labelProblem(label) === undefined))];
    const newLabels = validLabels.filter((label) => !target.labels.includes(label));
    if (target.labels.length + newLabels.length > MAX_LABELS_PER_VERSION) {
      throw new AwsError(
        'ParameterVersionLabelLimitExceeded',
        `Version ${target.version} of ${name} would have more than ${MAX_LABELS_PER_VERSION} labels. Remove labels with UnlabelParameterVersion first.`,
      );
    }
    for (const label of validLabels) {
      // A label names one version at a time: attaching it moves it from the version that had it.
      for (const version of versions) {
        version.labels = version.labels.filter((existing) => existing !== label);
      }
      target.labels.push(label);
    }
    if (validLabels.length > 0) {
      this.emitChange('LabelParameterVersion', name, target);
    }
    return { InvalidLabels: invalidLabels, ParameterVersion: target.version };
  }

  deleteParameter(input: JsonInput): JsonInput {
    const name = requireString(input, 'Name');
    const versions = this.requireParameter(name);
    const latest = versions.at(-1);
    this.parameters.delete(name);
    if (latest !== undefined) {
      this.emitChange('Delete', name, latest);
    }
    return {};
  }

  getParametersByPath(input: JsonInput): JsonInput {
    const path = requireString(input, 'Path');
    if (!path.startsWith('/')) {
      throw new AwsError('ValidationException', `Path ${path} is not valid: a path starts with '/', for example /hf-token-rotation/claims.`);
    }
    const recursive = optionalBoolean(input, 'Recursive') ?? false;
    const withDecryption = optionalBoolean(input, 'WithDecryption') ?? false;
    const filters = [
      pathFilter(recursive ? 'Recursive' : 'OneLevel', [path]),
      ...(optionalObjectList(input, 'ParameterFilters') ?? []).map(byPathFilter),
    ];
    const matching = [...this.parameters.entries()]
      .map(([name, versions]) => ({ name, latest: versions.at(-1) }))
      .filter((entry): entry is { name: string; latest: ParameterVersion } => entry.latest !== undefined)
      .filter((entry) => filters.every((filter) => filter(entry.name, entry.latest)))
      .sort((left, right) => left.name.localeCompare(right.name));
    const page = paginate(matching, {
      scope: `GetParametersByPath:${JSON.stringify([path, recursive, input['ParameterFilters']])}`,
      nextToken: optionalString(input, 'NextToken'),
      pageSize: optionalInteger(input, 'MaxResults', 1, 10) ?? 10,
    });
    return {
      Parameters: page.items.map((entry) => this.describeVersion(entry.latest, withDecryption, undefined)),
      ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
    };
  }

  describeParameters(input: JsonInput): JsonInput {
    const filters = [
      ...(optionalObjectList(input, 'Filters') ?? []).map(legacyFilter),
      ...(optionalObjectList(input, 'ParameterFilters') ?? []).map(parameterFilter),
    ];
    const matching = [...this.parameters.entries()]
      .filter(([name, versions]) => {
        const latest = versions.at(-1);
        return latest !== undefined && filters.every((filter) => filter(name, latest));
      })
      .sort(([left], [right]) => left.localeCompare(right));
    const page = paginate(matching, {
      scope: `DescribeParameters:${JSON.stringify([input['Filters'], input['ParameterFilters']])}`,
      nextToken: optionalString(input, 'NextToken'),
      pageSize: optionalInteger(input, 'MaxResults', 1, 50) ?? 50,
    });
    return {
      Parameters: page.items.map(([name, versions]) => {
        const latest = versions.at(-1) as ParameterVersion;
        return {
          Name: name,
          ARN: parameterArn(this.context.region, this.context.accountId, name),
          Type: latest.type,
          ...(latest.keyId === undefined ? {} : { KeyId: latest.keyId }),
          LastModifiedDate: epochSeconds(latest.lastModifiedDate),
          LastModifiedUser: latest.lastModifiedUser,
          ...(latest.description === undefined ? {} : { Description: latest.description }),
          ...(latest.allowedPattern === undefined ? {} : { AllowedPattern: latest.allowedPattern }),
          Version: latest.version,
          Tier: latest.tier,
          Policies: [],
          DataType: latest.dataType,
        };
      }),
      ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
    };
  }

  private requireParameter(name: string): ParameterVersion[] {
    const versions = this.parameters.get(name);
    if (versions === undefined || versions.length === 0) {
      throw new AwsError('ParameterNotFound', `Parameter ${name} not found. Check the name and the region (${this.context.region}).`);
    }
    return versions;
  }

  private resolve(reference: string): { version: ParameterVersion; selector: string | undefined } {
    const parsed = parseParameterReference(reference);
    const versions = this.requireParameter(parsed.name);
    const selector = parsed.selector;
    if (selector === undefined) {
      return { version: versions.at(-1) as ParameterVersion, selector: undefined };
    }
    if (selector.kind === 'version') {
      const version = versions.find((candidate) => candidate.version === selector.version);
      if (version === undefined) {
        throw versionNotFound(parsed.name, String(selector.version));
      }
      return { version, selector: selector.text };
    }
    const version = versions.find((candidate) => candidate.labels.includes(selector.label));
    if (version === undefined) {
      // NOTE: an unknown label is reported as ParameterNotFound (the selector names no parameter
      // version), while an unknown version number is ParameterVersionNotFound.
      throw new AwsError(
        'ParameterNotFound',
        `Parameter ${parsed.name} has no version labeled '${selector.label}'. Label a version with LabelParameterVersion.`,
      );
    }
    return { version, selector: selector.text };
  }

  private describeVersion(version: ParameterVersion, withDecryption: boolean, selector: string | undefined): JsonInput {
    const name = version.name;
    return {
      Name: name,
      Type: version.type,
      Value: this.visibleValue(name, version, withDecryption),
      Version: version.version,
      ...(selector === undefined ? {} : { Selector: selector }),
      LastModifiedDate: epochSeconds(version.lastModifiedDate),
      ARN: parameterArn(this.context.region, this.context.accountId, name),
      DataType: version.dataType,
    };
  }

  /**
   * Returns the value as the API shows it. A SecureString read without decryption shows a stand-in
   * ciphertext derived from name and version only, so it never reveals the value.
   */
  private visibleValue(name: string, version: ParameterVersion, withDecryption: boolean): string {
    if (version.type !== 'SecureString' || withDecryption) {
      return version.value;
    }
    const digest = createHmac('sha256', this.ciphertextKey).update(`${name}\u0000${version.version}`).digest();
    return Buffer.concat([Buffer.from('local-ciphertext:'), digest]).toString('base64');
  }

  /** Emits `Parameter Store Change`: operation, name, type and description, never value or version. */
  private emitChange(operation: string, name: string, version: ParameterVersion): void {
    this.context.emit(
      ssmEvent(this.context, 'Parameter Store Change', [parameterArn(this.context.region, this.context.accountId, name)], {
        operation,
        name,
        type: version.type,
        description: version.description ?? '',
      }),
    );
  }
}

/** Reads `Value` without ever putting the value into an error message. */
function readValue(input: JsonInput): string {
  const value = input['Value'];
  if (typeof value !== 'string' || value.length === 0) {
    throw new AwsError(
      'ValidationException',
      "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must be a string of length greater than or equal to 1",
    );
  }
  return value;
}

function readTier(input: JsonInput, previous: ParameterTier | undefined): ParameterTier {
  const tier = optionalString(input, 'Tier');
  if (tier === undefined || tier === 'Intelligent-Tiering') {
    return previous ?? 'Standard';
  }
  if (tier !== 'Standard' && tier !== 'Advanced') {
    throw validationError('tier', tier, 'Member must satisfy enum value set: [Standard, Advanced, Intelligent-Tiering]');
  }
  return tier;
}

function matchesPattern(value: string, pattern: string, name: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    throw new AwsError('InvalidAllowedPatternException', `The allowedPattern of ${name} is not a valid regular expression: ${pattern}`);
  }
}

function versionNotFound(name: string, version: string): AwsError {
  return new AwsError(
    'ParameterVersionNotFound',
    `Systems Manager could not find version ${version} of ${name}. Verify the version and try again.`,
  );
}
