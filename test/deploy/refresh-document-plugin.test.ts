import { describe, expect, it } from 'vitest';
import { buildRefreshDocument } from '../../documents/refresh-token-document.cjs';
import RefreshDocumentPlugin from '../../serverless/plugins/refresh-document.cjs';

// The plugin sets the document content after the Framework merged serverless.yml's resources.
function fakeServerless(
  timeoutSeconds: unknown,
  resources: Record<string, { Properties: Record<string, unknown> }>,
  defaults?: Record<string, string>,
) {
  return {
    service: {
      custom: { refreshDocument: { timeoutSeconds, ...(defaults ? { defaults } : {}) } },
      provider: { compiledCloudFormationTemplate: { Resources: resources } },
    },
  };
}

describe('refresh-document plugin', () => {
  it('sets the document content', () => {
    const resources = { RefreshTokenDocument: { Properties: {} as Record<string, unknown> } };
    const plugin = new RefreshDocumentPlugin(fakeServerless('600', resources));

    plugin.setDocumentContent();

    expect(resources.RefreshTokenDocument.Properties.Content).toEqual(buildRefreshDocument({ timeoutSeconds: 600 }));
  });

  it('applies the document defaults', () => {
    const resources = { RefreshTokenDocument: { Properties: {} as Record<string, unknown> } };
    const plugin = new RefreshDocumentPlugin(fakeServerless('600', resources, { composeService: 'asr_gpu' }));

    plugin.setDocumentContent();

    expect(resources.RefreshTokenDocument.Properties.Content).toEqual(
      buildRefreshDocument({ timeoutSeconds: 600, defaults: { composeService: 'asr_gpu' } }),
    );
  });

  it('runs after resources are merged', () => {
    const plugin = new RefreshDocumentPlugin(fakeServerless('600', {}));

    expect(Object.keys(plugin.hooks)).toEqual(['after:aws:package:finalize:mergeCustomProviderResources']);
  });

  it('rejects an invalid timeout', () => {
    const plugin = new RefreshDocumentPlugin(fakeServerless('15m', { RefreshTokenDocument: { Properties: {} } }));

    expect(() => plugin.setDocumentContent()).toThrow('custom.refreshDocument.timeoutSeconds must be a whole number of seconds from 1 to 172800, got "15m".');
  });

  it('rejects a missing document resource', () => {
    const plugin = new RefreshDocumentPlugin(fakeServerless('600', {}));

    expect(() => plugin.setDocumentContent()).toThrow(/has no RefreshTokenDocument resource/);
  });
});
