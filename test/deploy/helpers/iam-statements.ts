import type { Template } from './package-stack.js';

/** An identity-policy statement with Action and Resource always as lists. */
export interface NormalizedStatement {
  /** Logical ID of the role or policy that contains the statement. */
  owner: string;
  Sid?: string;
  Effect: string;
  Action: string[];
  Resource: unknown[];
  Condition?: Record<string, Record<string, unknown>>;
}

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function normalize(owner: string, statement: Record<string, unknown>): NormalizedStatement {
  return {
    owner,
    Sid: statement.Sid as string | undefined,
    Effect: String(statement.Effect),
    Action: asList(statement.Action).map(String),
    Resource: asList(statement.Resource),
    ...(statement.Condition ? { Condition: statement.Condition as NormalizedStatement['Condition'] } : {}),
  };
}

/** Collects every statement of the template's identity policies: role inline policies and IAM policy resources. */
export function identityStatements(template: Template): NormalizedStatement[] {
  const statements: NormalizedStatement[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of (resource.Properties?.Policies ?? []) as Array<{ PolicyDocument: { Statement: unknown } }>) {
        for (const statement of asList(policy.PolicyDocument.Statement)) statements.push(normalize(logicalId, statement as Record<string, unknown>));
      }
    }
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      for (const statement of asList(resource.Properties?.PolicyDocument?.Statement)) statements.push(normalize(logicalId, statement as Record<string, unknown>));
    }
  }
  return statements;
}

/** Collects every statement of the given roles' identity policies (as built by roles.cjs). */
export function roleStatements(roles: Record<string, { Properties: Record<string, any> }>): NormalizedStatement[] {
  return identityStatements({ Resources: Object.fromEntries(Object.entries(roles).map(([id, role]) => [id, { Type: 'AWS::IAM::Role', ...role }])) });
}

/** Collects the template's resource-policy statements (queue and bucket policies). */
export function resourcePolicyStatements(template: Template): NormalizedStatement[] {
  const statements: NormalizedStatement[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type.endsWith('Policy') && !resource.Type.startsWith('AWS::IAM::')) {
      for (const statement of asList(resource.Properties?.PolicyDocument?.Statement)) statements.push(normalize(logicalId, statement as Record<string, unknown>));
    }
  }
  return statements;
}

/** Renders a Resource entry (a string or Fn::Sub, Ref, Fn::GetAtt) as text for comparisons. */
export function resourceText(resource: unknown): string {
  if (typeof resource === 'string') return resource;
  const value = resource as Record<string, unknown>;
  if ('Fn::Sub' in value) return String(value['Fn::Sub']);
  if ('Ref' in value) return `Ref:${String(value.Ref)}`;
  if ('Fn::GetAtt' in value) return `GetAtt:${(value['Fn::GetAtt'] as string[]).join('.')}`;
  return JSON.stringify(resource);
}

/** Reads the rows of the Markdown table that follows the heading `## <heading>` (header row skipped). */
export function markdownTableRows(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === `## ${heading}`);
  if (start < 0) throw new Error(`No "## ${heading}" heading in the document.`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('## ')) break;
    if (!line.startsWith('|')) {
      if (rows.length > 0) break;
      continue;
    }
    rows.push(line.split('|').slice(1, -1).map((cell) => cell.trim()));
  }
  // The header row and the |---| separator come first.
  return rows.slice(2);
}
