export declare const FUNCTION_GRANTS: Record<string, string[]>;
