declare class RefreshDocumentPlugin {
  constructor(serverless: unknown);
  hooks: Record<string, () => void>;
  setDocumentContent(): void;
}
export = RefreshDocumentPlugin;
