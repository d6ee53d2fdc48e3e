// OpsCenter: CreateOpsItem with deduplication through the `/aws/dedup` operational data.
import { randomBytes } from 'node:crypto';
import { AwsError, validationError } from '../errors.js';
import type { ServiceContext } from '../context.js';
import { optionalInteger, optionalString, requireString, type JsonInput } from './input.js';

/** An OpsItem as the inspection API shows it. */
export interface OpsItem {
  opsItemId: string;
  title: string;
  description: string;
  source: string;
  priority: number | undefined;
  severity: string | undefined;
  category: string | undefined;
  /** Operational data values by key (the `Type` of each entry is left out). */
  operationalData: Record<string, string>;
  status: 'Open';
  createdTime: Date;
}

/** CreateOpsItem limits: title 1,024, description 2,048 and source 128 characters. */
const LIMITS = { title: 1024, description: 2048, source: 128 } as const;
const SEVERITIES = ['1', '2', '3', '4'];
const CATEGORIES = ['Availability', 'Cost', 'Performance', 'Recovery', 'Security'];

/** The OpsItems of one account and region; all stay Open because nothing resolves them locally. */
export class OpsItemStore {
  private readonly items: OpsItem[] = [];

  constructor(private readonly context: ServiceContext) {}

  /** Returns the OpsItems created so far, oldest first. */
  all(): OpsItem[] {
    return this.items.map((item) => ({ ...item, operationalData: { ...item.operationalData } }));
  }

  createOpsItem(input: JsonInput): JsonInput {
    const title = readLimited(input, 'Title', LIMITS.title);
    const description = readLimited(input, 'Description', LIMITS.description);
    const source = readLimited(input, 'Source', LIMITS.source);
    if (/aws|amazon|amzn/i.test(source)) {
      throw new AwsError('OpsItemInvalidParameterException', `Source ${source} is not valid: it can't contain aws, amazon or amzn.`);
    }
    const severity = optionalString(input, 'Severity');
    if (severity !== undefined && !SEVERITIES.includes(severity)) {
      throw validationError('severity', severity, `Member must be one of ${SEVERITIES.join(', ')}`);
    }
    const category = optionalString(input, 'Category');
    if (category !== undefined && !CATEGORIES.includes(category)) {
      throw validationError('category', category, `Member must be one of ${CATEGORIES.join(', ')}`);
    }
    const operationalData = readOperationalData(input['OperationalData']);

    const dedupString = readDedupString(operationalData['/aws/dedup']);
    const duplicate = dedupString === undefined ? undefined : this.items.find((item) => readDedupString(item.operationalData['/aws/dedup']) === dedupString);
    if (duplicate !== undefined) {
      // NOTE: AWS documents that no new OpsItem is created while one with the same dedup string is
      // open, but not which response it sends. This raises the error that CreateOpsItem models.
      throw new AwsError(
        'OpsItemAlreadyExistsException',
        `OpsItem ${duplicate.opsItemId} with the same /aws/dedup string is still open.`,
        400,
        'Sender',
        { OpsItemId: duplicate.opsItemId },
      );
    }

    const item: OpsItem = {
      opsItemId: `oi-${randomBytes(6).toString('hex')}`,
      title,
      description,
      source,
      priority: optionalInteger(input, 'Priority', 1, 5),
      severity,
      category,
      operationalData,
      status: 'Open',
      createdTime: this.context.now(),
    };
    this.items.push(item);
    return {
      OpsItemId: item.opsItemId,
      OpsItemArn: `arn:aws:ssm:${this.context.region}:${this.context.accountId}:opsitem/${item.opsItemId}`,
    };
  }
}

function readLimited(input: JsonInput, member: string, maxLength: number): string {
  const value = requireString(input, member);
  if (value.length > maxLength) {
    throw validationError(member.toLowerCase(), `${value.slice(0, 40)}...`, `Member must have length less than or equal to ${maxLength}`);
  }
  return value;
}

function readOperationalData(raw: unknown): Record<string, string> {
  if (raw === undefined || raw === null) {
    return {};
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new AwsError('OpsItemInvalidParameterException', 'OperationalData must map keys to {Type, Value} entries.');
  }
  const data: Record<string, string> = {};
  for (const [key, entry] of Object.entries(raw as Record<string, unknown>)) {
    const value = (entry as { Value?: unknown } | null)?.Value;
    if (typeof value !== 'string') {
      throw new AwsError('OpsItemInvalidParameterException', `OperationalData ${key} needs a string Value.`);
    }
    data[key] = value;
  }
  return data;
}

/** Returns the `dedupString` of a `/aws/dedup` value (`{"dedupString": "..."}`), if it has one. */
function readDedupString(value: string | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  try {
    const parsed = JSON.parse(value) as { dedupString?: unknown };
    return typeof parsed.dedupString === 'string' ? parsed.dedupString : undefined;
  } catch {
    throw new AwsError('OpsItemInvalidParameterException', 'OperationalData /aws/dedup must be JSON like {"dedupString": "KEY"}.');
  }
}
