'use strict';
// Naming and list rules shared by serverless.yml's variable sources and the runtime config.

/** Name of the SSM document this stack owns; the command status rule matches on it. */
function documentName(service, stage) {
  return `${service}-${stage}-RefreshToken`;
}

/** Splits a comma-separated stack parameter (`a, b`) into its trimmed, non-empty items. */
function listParameter(value) {
  return String(value)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

module.exports = { documentName, listParameter };
