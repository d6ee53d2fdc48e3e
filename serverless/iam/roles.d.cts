import type { StackContext } from '../stack-context.cjs';

export declare function roleLogicalId(functionKey: string): string;
export declare function buildRoles(
  ctx: StackContext,
  functionGrants?: Record<string, readonly string[]>,
): Record<string, { Type: 'AWS::IAM::Role'; Properties: Record<string, any> }>;
