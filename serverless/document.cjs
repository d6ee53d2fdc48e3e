'use strict';
// Variable source for serverless.yml: the SSM document content, built from documents/.
const { buildRefreshDocument } = require('../documents/refresh-token-document.cjs');

module.exports.content = async ({ resolveVariable }) =>
  buildRefreshDocument({ timeoutSeconds: Number(await resolveVariable('param:commandTimeoutSeconds')) });
