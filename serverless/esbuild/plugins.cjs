'use strict';
// esbuild plugins for serverless-esbuild (custom.esbuild.plugins in serverless.yml).
const path = require('node:path');

/**
 * Replaces the SDK's default credential chain with lambda-credentials.mjs, which reads only the
 * environment variables that Lambda sets. Applies to the deployed bundles only: tests, the local
 * demo and the CLI run the sources with the full chain.
 */
const lambdaCredentials = {
  name: 'lambda-credentials',
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
      path: path.join(__dirname, 'lambda-credentials.mjs'),
    }));
  },
};

module.exports = [lambdaCredentials];
