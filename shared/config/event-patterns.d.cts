export type EventPattern = Record<string, unknown>;
export declare const PARAMETER_OPERATIONS: readonly string[];
export declare const TERMINAL_COMMAND_STATUSES: readonly string[];
export declare function parameterChangePattern(parameterNames: readonly string[]): EventPattern;
export declare function commandStatusPattern(documentName: string): EventPattern;
