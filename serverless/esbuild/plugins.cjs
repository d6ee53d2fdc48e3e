'use strict';
// esbuild plugins for serverless-esbuild (custom.esbuild.plugins in serverless.yml). The export is
// a function: serverless-esbuild calls it with the Serverless instance, after the stage
// parameters are resolved.
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

/**
 * Replaces the SDK's event stream support with stubs/event-streams.mjs. The SDK loads it only
 * for operations that stream events, and the service calls none. Bundled, it costs about 20 KB
 * and 4 ms of module load per function.
 */
const noEventStreams = {
  name: 'no-event-streams',
  setup(build) {
    build.onResolve({ filter: /^@smithy\/core\/event-streams$/ }, () => ({
      path: path.join(__dirname, 'stubs', 'event-streams.mjs'),
    }));
  },
};

/**
 * Adapters that only an optional feature uses, with the stage setting that turns the feature on.
 * Each SDK client costs 2 to 4 ms of module load on every cold start, even where no call is made.
 */
const OPTIONAL_ADAPTERS = [
  {
    // Incident Manager escalation, used only with a response plan.
    filter: /[\\/]aws[\\/]incident-manager\.js$/,
    stub: 'incident-manager.mjs',
    enabled: (service) => String(service.provider.environment?.INCIDENT_RESPONSE_PLAN_ARN ?? '').trim() !== '',
  },
  {
    // CloudTrail look-ups of the access check, used only with an allow-list.
    filter: /[\\/]aws[\\/]parameter-read-events\.js$/,
    stub: 'parameter-read-events.mjs',
    enabled: (service) => String(service.functions?.checkStaleness?.environment?.ACCESS_ALLOWED_PRINCIPALS ?? '').trim() !== '',
  },
];

/**
 * Swaps the adapters of features that the stage leaves off for the stubs in stubs/. The
 * settings are deploy-time parameters, so turning a feature on means a new deployment, which
 * bundles its adapter again.
 */
function leaveOutUnusedAdapters(service) {
  const left = OPTIONAL_ADAPTERS.filter((adapter) => !adapter.enabled(service));
  return {
    name: 'leave-out-unused-adapters',
    setup(build) {
      for (const adapter of left) {
        build.onResolve({ filter: adapter.filter }, () => ({ path: path.join(__dirname, 'stubs', adapter.stub) }));
      }
    },
  };
}

module.exports = (serverless) => [lambdaCredentials, noEventStreams, leaveOutUnusedAdapters(serverless.service)];
module.exports.OPTIONAL_ADAPTERS = OPTIONAL_ADAPTERS;
