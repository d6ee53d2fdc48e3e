export declare const INSTANCE_SETTINGS: Record<string, { documentParameter: string; hint: string }>;
export declare function documentDefaults(
  raw: Record<string, string | undefined>,
  makeError: (parameter: string, problem: string) => Error,
): Record<string, string>;
export declare function minimumCommandTimeoutSeconds(defaults: Record<string, string>): number;
