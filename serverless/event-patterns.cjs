'use strict';
// Variable source for serverless.yml: resolves the stack's settings and returns the EventBridge
// patterns from shared/config/event-patterns.cjs, the module the handlers filter with.
const { parameterChangePattern, commandStatusPattern } = require('../shared/config/event-patterns.cjs');
const { documentName, listParameter } = require('./settings.cjs');

module.exports.parameterChange = async ({ resolveVariable }) =>
  parameterChangePattern(listParameter(await resolveVariable('param:watchedParameters')));

module.exports.commandStatus = async ({ resolveVariable }) =>
  commandStatusPattern(documentName(await resolveVariable('self:service'), await resolveVariable('sls:stage')));
