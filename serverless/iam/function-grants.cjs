'use strict';
// What each function of the stack may do, one grant per line (names from grants.cjs). Every
// function also gets its own log group and the dead-letter queue, added by roles.cjs.
// A new function needs an entry here and `role: <Key>Role` in serverless.yml.

/** Function key (as in serverless.yml) -> grant names. */
const FUNCTION_GRANTS = {
  onParameterChange: [
    'readTokenForPreflight',
    'readTokenHistory',
    'labelTokenVersions',
    'readClaims',
    'writeClaims',
    'releaseClaims',
    'describeFleet',
    'sendRefreshCommand',
    'cancelRefreshCommand',
    'publishAlerts',
    'startIncident',
    'createOpsItem',
  ],
  onCommandStatus: [
    'readCommandResults',
    'readTokenHistory',
    'labelTokenVersions',
    'readClaims',
    'writeClaims',
    'sendRefreshCommand',
    'publishAlerts',
    'startIncident',
    'createOpsItem',
  ],
  // Runs the checks and re-drives stuck claims through the same rollout code as onParameterChange.
  checkStaleness: [
    'readTokenValue',
    'readTokenHistory',
    'labelTokenVersions',
    'listClaims',
    'readClaims',
    'writeClaims',
    'releaseClaims',
    'manageCheckState',
    'describeFleet',
    'readFleetInventory',
    'sendRefreshCommand',
    'cancelRefreshCommand',
    'publishAlerts',
    'listAlertSubscriptions',
    'lookupTokenEvents',
    'startIncident',
    'createOpsItem',
  ],
};

module.exports = { FUNCTION_GRANTS };
