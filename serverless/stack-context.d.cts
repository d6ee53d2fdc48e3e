export interface StackContext {
  service: string;
  stage: string;
  documentName: string;
  statePath: string;
  watchedParameters: string[];
  targetTagKey: string;
  targetTagValues: string[];
  tokenKmsKey: { keyArn: string | null; alias: string | null };
  alertEmails: string[];
  alertLanguage: 'en' | 'de';
  incidentResponsePlanArn: string;
  opsCenterEnabled: boolean;
  /** True when `accessAllowedPrincipals` lists principals, so the checks read CloudTrail. */
  accessCheckEnabled: boolean;
  /** Refresh document parameter defaults from the instance settings, by document parameter. */
  documentDefaults: Record<string, string>;
  functionName(functionKey: string): string;
}
export declare class StackParameterError extends Error {
  constructor(parameter: string, problem: string);
}
/** Raw stage parameter values plus `service` and `stage`, as strings. */
export declare function buildStackContext(raw: Record<string, string | undefined>): StackContext;
export declare function resolveStackContext(source: {
  resolveVariable: (address: string) => Promise<unknown>;
  options?: { param?: string | string[] | null };
  resolveConfigurationProperty?: (path: string[]) => Promise<unknown>;
}): Promise<StackContext>;
