import type { StackContext } from '../stack-context.cjs';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}
export declare const GRANTS: Record<string, (ctx: StackContext) => PolicyStatement[]>;
export declare function buildGrantStatements(ctx: StackContext, grantNames: readonly string[]): PolicyStatement[];
