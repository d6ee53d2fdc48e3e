import type { StackContext } from './stack-context.cjs';

export declare function buildAlerting(
  ctx: StackContext,
  functionKeys?: readonly string[],
): Record<string, { Type: string; Properties: Record<string, any> }>;
