'use strict';
// Stage parameters that describe the service on each instance (the .env file, the compose
// project, the health endpoint). They become the defaults of the refresh document, so rollouts
// and the association use them without passing them in every command.
const { DOCUMENT_PARAMETERS } = require('../documents/refresh-token-document.cjs');

/**
 * Stage parameter -> document parameter, with what a valid value looks like. The document's
 * allowedPattern decides; the hint is the fix that the error shows for a rejected value.
 */
const INSTANCE_SETTINGS = {
  envFile: { documentParameter: 'envFile', hint: 'an absolute path such as /home/ec2-user/transcript-summarization/.env' },
  envKey: { documentParameter: 'envKey', hint: 'a variable name such as HF_TOKEN (a letter or _, then letters, digits or _)' },
  composeProjectDir: { documentParameter: 'composeProjectDir', hint: 'an absolute path such as /home/ec2-user/transcript-summarization' },
  composeService: { documentParameter: 'composeService', hint: 'a compose service name such as whisperx_cuda' },
  healthUrl: { documentParameter: 'healthUrl', hint: 'an http URL on localhost or 127.0.0.1, such as http://localhost:8000/health' },
  healthTimeoutSeconds: { documentParameter: 'healthTimeoutSeconds', hint: 'a whole number of seconds from 1 to 9999' },
  stopTimeoutSeconds: { documentParameter: 'stopTimeoutSeconds', hint: 'a whole number of seconds from 0 to 9999' },
  instanceHubCheckUrl: {
    documentParameter: 'hubCheckUrl',
    hint: 'https://huggingface.co, an http URL on localhost or 127.0.0.1 without a path, or empty for no check on the instance',
  },
};

/** Seconds the refresh script waits for a concurrent run on the same instance (its default). */
const LOCK_WAIT_SECONDS = 300;
/**
 * Seconds for the steps around the recreates. The token fetch and the inventory report are AWS
 * CLI calls (5 s connect and 10 s read timeout each), and the Hub check takes 15 s at most. The
 * verification in the container and curl running over a health wait (up to 5 s) take the rest.
 */
const OTHER_STEPS_SECONDS = 90;

/**
 * Checks the instance settings in `raw` (stage parameter name -> value) and returns them as
 * document parameter defaults. Throws `makeError(parameter, problem)` for a rejected value.
 */
function documentDefaults(raw, makeError) {
  const defaults = {};
  for (const [parameter, { documentParameter, hint }] of Object.entries(INSTANCE_SETTINGS)) {
    const value = String(raw[parameter] ?? '').trim();
    if (!new RegExp(DOCUMENT_PARAMETERS[documentParameter].allowedPattern).test(value)) {
      throw makeError(parameter, `is "${value}", which is not ${hint}.`);
    }
    defaults[documentParameter] = value;
  }
  return defaults;
}

/**
 * Returns the shortest command timeout in which a failed refresh can still roll back. It adds the
 * lock wait, the other steps, and two recreates (new token, then old token) with their stop and
 * health waits. At the timeout the SSM agent kills the script, and then no rollback runs.
 * Container start times beyond these waits are not included.
 */
function minimumCommandTimeoutSeconds(defaults) {
  return LOCK_WAIT_SECONDS + OTHER_STEPS_SECONDS + 2 * (Number(defaults.stopTimeoutSeconds) + Number(defaults.healthTimeoutSeconds));
}

module.exports = { INSTANCE_SETTINGS, documentDefaults, minimumCommandTimeoutSeconds };
