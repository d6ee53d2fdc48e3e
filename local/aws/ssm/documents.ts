// Command documents (schema 2.2): CreateDocument, GetDocument and DescribeDocument.
import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import type { CommandDocumentContent } from '../../types.js';
import { AwsError, validationError } from '../errors.js';
import { epochSeconds, type ServiceContext } from '../context.js';
import { optionalString, requireString, type JsonInput } from './input.js';

/** A stored document; only version 1 exists because UpdateDocument is not offered locally. */
export interface StoredDocument {
  name: string;
  content: CommandDocumentContent;
  /** The content text exactly as the client sent it; GetDocument returns it unchanged. */
  contentText: string;
  format: 'JSON' | 'YAML';
  createdDate: Date;
  hash: string;
}

const DOCUMENT_NAME = /^[a-zA-Z0-9_\-.]{3,128}$/;
/** SSM reserves these prefixes for documents that AWS owns. */
const RESERVED_PREFIXES = /^(aws|amazon|amzn)/i;
/** Maximum document content size (SSM quota: 64 KB). */
const MAX_CONTENT_BYTES = 64 * 1024;

/** The Command documents of one account and region. */
export class DocumentStore {
  private readonly documents = new Map<string, StoredDocument>();

  constructor(private readonly context: ServiceContext) {}

  /** Returns the stored document or raises `InvalidDocument`, as SendCommand and GetDocument do. */
  require(name: string): StoredDocument {
    const document = this.documents.get(name);
    if (document === undefined) {
      throw new AwsError('InvalidDocument', `Document with name ${name} does not exist. Create it with CreateDocument first.`);
    }
    return document;
  }

  /** Stores a document from an object; the helper behind `LocalAws.createDocument`. */
  add(name: string, content: CommandDocumentContent | object): StoredDocument {
    return this.store(name, JSON.stringify(content), 'JSON');
  }

  createDocument(input: JsonInput): JsonInput {
    const name = requireString(input, 'Name');
    const contentText = requireString(input, 'Content');
    const documentType = optionalString(input, 'DocumentType') ?? 'Command';
    if (documentType !== 'Command') {
      throw new AwsError('InvalidDocumentType', `Document type ${documentType} is not supported locally: only Command documents run.`);
    }
    const format = optionalString(input, 'DocumentFormat') ?? 'JSON';
    if (format !== 'JSON' && format !== 'YAML') {
      throw validationError('documentFormat', format, 'Member must satisfy enum value set: [JSON, YAML]');
    }
    return { DocumentDescription: this.describe(this.store(name, contentText, format)) };
  }

  getDocument(input: JsonInput): JsonInput {
    const document = this.require(requireString(input, 'Name'));
    checkVersion(input, document.name);
    return {
      Name: document.name,
      CreatedDate: epochSeconds(document.createdDate),
      DocumentVersion: '1',
      Status: 'Active',
      Content: document.contentText,
      DocumentType: 'Command',
      DocumentFormat: document.format,
      Requires: [],
      AttachmentsContent: [],
    };
  }

  describeDocument(input: JsonInput): JsonInput {
    const document = this.require(requireString(input, 'Name'));
    checkVersion(input, document.name);
    return { Document: this.describe(document) };
  }

  private store(name: string, contentText: string, format: 'JSON' | 'YAML'): StoredDocument {
    if (!DOCUMENT_NAME.test(name)) {
      throw validationError('name', name, 'Member must satisfy regular expression pattern: ^[a-zA-Z0-9_\\-.]{3,128}$');
    }
    if (RESERVED_PREFIXES.test(name)) {
      throw new AwsError('ValidationException', `Document name ${name} is not valid: names can't start with aws, amazon or amzn.`);
    }
    if (this.documents.has(name)) {
      throw new AwsError('DocumentAlreadyExists', `Document with name ${name} already exists. Choose another name.`);
    }
    if (Buffer.byteLength(contentText, 'utf8') > MAX_CONTENT_BYTES) {
      throw new AwsError('MaxDocumentSizeExceeded', `Document ${name} is larger than ${MAX_CONTENT_BYTES} bytes.`);
    }
    const document: StoredDocument = {
      name,
      content: parseContent(contentText, format, name),
      contentText,
      format,
      createdDate: this.context.now(),
      hash: createHash('sha256').update(contentText).digest('hex'),
    };
    this.documents.set(name, document);
    return document;
  }

  private describe(document: StoredDocument): JsonInput {
    return {
      Hash: document.hash,
      HashType: 'Sha256',
      Name: document.name,
      Owner: this.context.accountId,
      CreatedDate: epochSeconds(document.createdDate),
      Status: 'Active',
      DocumentVersion: '1',
      ...(document.content.description === undefined ? {} : { Description: document.content.description }),
      Parameters: Object.entries(document.content.parameters).map(([name, spec]) => ({
        Name: name,
        Type: spec.type,
        ...(spec.description === undefined ? {} : { Description: spec.description }),
        ...(spec.default === undefined ? {} : { DefaultValue: spec.default }),
      })),
      PlatformTypes: ['Linux', 'MacOS'],
      DocumentType: 'Command',
      SchemaVersion: document.content.schemaVersion,
      LatestVersion: '1',
      DefaultVersion: '1',
      DocumentFormat: document.format,
      Tags: [],
    };
  }
}

function checkVersion(input: JsonInput, name: string): void {
  const version = optionalString(input, 'DocumentVersion');
  if (version !== undefined && version !== '1' && version !== '$LATEST' && version !== '$DEFAULT') {
    throw new AwsError('InvalidDocumentVersion', `Document ${name} has only version 1, not ${version}.`);
  }
}

/** Parses and checks the parts of a schema 2.2 Command document that the local runner uses. */
function parseContent(text: string, format: 'JSON' | 'YAML', name: string): CommandDocumentContent {
  let parsed: unknown;
  try {
    parsed = format === 'JSON' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new AwsError('InvalidDocumentContent', `Content of document ${name} is not valid ${format}: ${(error as Error).message}`);
  }

  const invalid = (problem: string): AwsError => new AwsError('InvalidDocumentContent', `Document ${name}: ${problem}`);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid('content must be an object.');
  }
  const content = parsed as Partial<CommandDocumentContent>;
  if (content.schemaVersion !== '2.2') {
    throw new AwsError(
      'InvalidDocumentSchemaVersion',
      `Document ${name}: schemaVersion must be '2.2' for a local Command document (got ${String(content.schemaVersion)}).`,
    );
  }

  const parameters = content.parameters ?? {};
  if (typeof parameters !== 'object' || Array.isArray(parameters)) {
    throw invalid('parameters must be an object keyed by parameter name.');
  }
  for (const [parameter, spec] of Object.entries(parameters)) {
    if (typeof spec !== 'object' || spec === null || typeof spec.type !== 'string') {
      throw invalid(`parameter ${parameter} needs a type.`);
    }
    if (spec.allowedPattern !== undefined) {
      try {
        new RegExp(spec.allowedPattern);
      } catch {
        throw invalid(`allowedPattern of parameter ${parameter} is not a valid regular expression.`);
      }
    }
  }

  const steps = content.mainSteps;
  if (!Array.isArray(steps) || steps.length === 0) {
    throw invalid('mainSteps must list at least one step.');
  }
  for (const step of steps) {
    if (typeof step?.name !== 'string' || typeof step.action !== 'string' || !Array.isArray(step.inputs?.runCommand)) {
      throw invalid('every step needs a name, an action and inputs.runCommand.');
    }
  }

  return { ...content, parameters, mainSteps: steps } as CommandDocumentContent;
}
