'use strict';
// Variable source for serverless.yml: values of the State Manager association, which applies the
// `desired` token version to every tagged instance on a schedule and when an instance comes online,
// and the refresh document's defaults, which describe the service on each instance.
const { resolveStackContext } = require('./stack-context.cjs');

/** The association's document parameters: the first watched parameter at its `desired` label. */
module.exports.associationParameters = async (source) => {
  const ctx = await resolveStackContext(source);
  return { tokenParameter: [ctx.watchedParameters[0]], tokenVersion: ['desired'] };
};

/** The association's targets: instances whose target tag has one of the accepted values. */
module.exports.associationTargets = async (source) => {
  const ctx = await resolveStackContext(source);
  return [{ Key: `tag:${ctx.targetTagKey}`, Values: ctx.targetTagValues }];
};

/** The refresh document's parameter defaults from the instance settings (envFile, composeService, ...). */
module.exports.documentDefaults = async (source) => {
  const ctx = await resolveStackContext(source);
  return ctx.documentDefaults;
};
