export interface DocumentParameterSpec {
  env: string;
  description: string;
  allowedPattern: string;
  default?: string;
}
export declare const DOCUMENT_PARAMETERS: Record<string, DocumentParameterSpec>;
export declare function scriptLines(scriptPath?: string): string[];
export declare function buildRefreshDocument(options?: { timeoutSeconds?: number; scriptPath?: string; defaults?: Record<string, string> }): {
  schemaVersion: string;
  description: string;
  parameters: Record<string, Record<string, string>>;
  mainSteps: Array<{ action: string; name: string; inputs: { timeoutSeconds: string; runCommand: string[] } }>;
};
