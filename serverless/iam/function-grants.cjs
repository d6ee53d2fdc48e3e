'use strict';
// What each function of the stack may do, one grant per line (names from grants.cjs). Every
// function also gets its own log group and the dead-letter queue, added by roles.cjs.
// A new function needs an entry here and `role: <Key>Role` in serverless.yml.

/** Function key (as in serverless.yml) -> grant names. */
const FUNCTION_GRANTS = {
  onParameterChange: [
    'readTokenMetadata',
    'sendRefreshCommand',
    'publishAlerts',
  ],
  onCommandStatus: [
    'readCommandResults',
    'publishAlerts',
  ],
};

module.exports = { FUNCTION_GRANTS };
