'use strict';
// Local Serverless plugin: sets the Content of the RefreshTokenDocument resource after the
// Framework has merged serverless.yml's resources into the template.
//
// The document cannot come from a ${file(...)} variable source: the Framework scans every
// resolved string for further variables, and the shell script is full of `${name}` expansions
// (and `${SSM_name-}` in the prologue) that it would try to resolve and reject.
const { buildRefreshDocument } = require('../../documents/refresh-token-document.cjs');

const RESOURCE = 'RefreshTokenDocument';

class RefreshDocumentPlugin {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      'after:aws:package:finalize:mergeCustomProviderResources': () => this.setDocumentContent(),
    };
  }

  /**
   * Reads `custom.refreshDocument.timeoutSeconds` (seconds per instance) and `.defaults` (document
   * parameter defaults, checked by the stack context) and builds the content.
   */
  setDocumentContent() {
    const { service } = this.serverless;
    const resource = service.provider.compiledCloudFormationTemplate.Resources[RESOURCE];
    if (!resource) {
      throw new Error(`serverless.yml has no ${RESOURCE} resource; the refresh-document plugin needs one of type AWS::SSM::Document.`);
    }
    const raw = service.custom?.refreshDocument?.timeoutSeconds;
    const timeoutSeconds = Number(raw);
    if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 172800) {
      throw new Error(`custom.refreshDocument.timeoutSeconds must be a whole number of seconds from 1 to 172800, got "${raw}".`);
    }
    const defaults = service.custom.refreshDocument.defaults ?? {};
    resource.Properties.Content = buildRefreshDocument({ timeoutSeconds, defaults });
  }
}

module.exports = RefreshDocumentPlugin;
