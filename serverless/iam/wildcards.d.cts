export declare const WILDCARD_ACTIONS: Record<string, string>;
