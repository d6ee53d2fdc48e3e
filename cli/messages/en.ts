import type { Messages } from '../messages.js';

const profileHint = (profile: string | undefined): string => (profile ? ` (profile ${profile})` : '');

const SHAPE_PROBLEMS = {
  prefix: 'it does not start with hf_',
  characters: 'it contains characters other than letters and digits after hf_',
  length: 'it has fewer than 30 letters and digits after hf_',
} as const;

/** Removes the final period of a reason that the message continues after. */
const withoutPeriod = (text: string): string => text.replace(/\.$/, '');

/** English texts of the CLI. */
export const en: Messages = {
  errors: {
    prefix: 'error',
    helpHint: (command) => `Run "hf-token ${command ? `${command} ` : ''}--help" for usage.`,
    missingCommand: 'No command given.',
    unknownCommand: (name) => `Unknown command "${name}". Commands: put, status, rollout, rollback, abort, check.`,
    unknownOption: (option) => `Unknown option ${option}.`,
    missingOptionValue: (option) => `Option ${option} needs a value.`,
    unexpectedArgument: (argument) => `Unexpected argument "${argument}".`,
    tokenOnCommandLine: (fingerprint) =>
      `A token (fingerprint ${fingerprint}) was given on the command line, where the shell history and ps keep it. ` +
      'Nothing was stored. Pass the token on standard input (hf-token put < token.txt) or with --from-env-file PATH, ' +
      'and if it is a real token, revoke it on the Hugging Face Hub and create a new one.',
    invalidArguments: (detail) => `Invalid command line: ${detail}`,
    invalidLanguage: (value) => `--lang must be en or de, got "${value}".`,
    invalidRegion: (value) => `"${value}" is not an AWS region name. Pass one like --region eu-central-1.`,
    invalidParameterName: (value) =>
      `"${value}" is not a valid Parameter Store name (letters, digits, _ . - and / between path parts), for example /whisperx/hf_token.`,
    invalidStage: (value) => `"${value}" is not a valid stage name: use 1 to 32 letters, digits and hyphens, for example prod.`,
    invalidTag: (value) => `"${value}" is not a valid tag filter: use KEY=VALUE or KEY=VALUE1,VALUE2, for example HfTokenConsumer=whisperx.`,
    invalidVersion: (value) => `"${value}" is not a parameter version: use a whole number from 1, for example --version 7.`,
    invalidMinutes: (option, value) => `${option} takes whole minutes from 1 to 1440, got "${value}".`,
    invalidEnvKey: (value) => `"${value}" is not a variable name: use letters, digits and _, not starting with a digit (for example HF_TOKEN).`,
    conflictingOptions: (first, second) => `${first} and ${second} cannot be used together.`,
    requiresOption: (option, required) => `${option} works only together with ${required}.`,
    noCredentials: (profile) =>
      `No AWS credentials found${profileHint(profile)}. Sign in (for example "aws sso login --profile NAME"), or pass --profile NAME or set AWS_PROFILE to a profile from ~/.aws/config.`,
    credentialsExpired: (profile) =>
      `The AWS credentials${profileHint(profile)} have expired. Sign in again (for example "aws sso login") and repeat the command.`,
    credentialsRejected: (profile, code) =>
      `AWS rejected the credentials${profileHint(profile)} (${code}). Check the access key or sign in again, and check that the profile belongs to the right account.`,
    accessDenied: (operation, resource, detail) =>
      `Access denied: ${operation}${resource ? ` on ${resource}` : ''}. ${detail} Ask an administrator to grant this action to your role (docs/operations.md lists what operators need), or use a profile that has it (--profile).`,
    parameterNotFound: (parameter, region) =>
      `Parameter ${parameter} was not found in ${region}. Check --parameter and --region, or store the first token with "hf-token put".`,
    parameterVersionNotFound: (key) => `Parameter version ${key} was not found. "hf-token status" shows the current version.`,
    versionNotFound: (parameter, version, latest) =>
      `${parameter} has no version ${version}; the latest is ${latest}. Pass an existing version with --version.`,
    endpointUnreachable: (endpoint, code) =>
      `Cannot reach ${endpoint} (${code}). Check the network connection, the region and AWS_ENDPOINT_URL if it is set.`,
    awsCallFailed: (operation, key, code, detail) => `${operation}${key ? ` ${key}` : ''} failed: ${code}: ${detail}`,
    unexpected: (detail) => `Unexpected error: ${detail}`,
  },

  put: {
    hiddenPrompt: 'Paste the token and press Enter (the input is not shown): ',
    stdinEmpty: 'No token on standard input. Pipe it in (for example from a password manager) or pass --from-env-file PATH.',
    stdinManyLines: (lines) => `Standard input has ${lines} lines; it must hold the token alone on one line.`,
    stdinTooLarge: (maxBytes) => `Standard input is larger than ${maxBytes} bytes; it must hold the token alone.`,
    inputCancelled: 'Cancelled; nothing was stored.',
    envFileNotFound: (path) => `${path} does not exist. Pass the path of the compose project's .env file.`,
    envFileNotAFile: (path) => `${path} is not a regular file. Pass the path of the compose project's .env file.`,
    envFileTooLarge: (path, maxBytes) => `${path} is larger than ${maxBytes} bytes and is not read; a compose .env file is much smaller.`,
    envFileUnreadable: (path, code) => `${path} cannot be read (${code}). Check the file's permissions.`,
    envFileSyntax: (path, line) =>
      `${path} line ${line} is not valid .env syntax for docker compose (check quotes and variable names). The line is not shown because it may hold the token.`,
    envFileExpansion: (path) =>
      `${path} has a \${...} expression that docker compose cannot expand. Quote the value with single quotes if it holds a literal $.`,
    envFileMissingKey: (path, key) => `${path} has no ${key} line. Add ${key}=hf_... or pass --env-key with the variable that holds the token.`,
    envFileEmptyKey: (path, key) => `${key} in ${path} is empty.`,
    shapeInvalid: (problems, length) =>
      `The value is not a Hugging Face token: ${problems.map((problem) => SHAPE_PROBLEMS[problem]).join(', and ')} (${length} characters read). Nothing was stored. Copy the token again from huggingface.co/settings/tokens.`,
    stored: (parameter, version, fingerprint) => `Stored ${parameter} version ${version} (fingerprint ${fingerprint}).`,
    kmsKey: (keyId) => `KMS key: ${keyId ?? 'alias/aws/ssm (the AWS managed key)'}`,
    rolloutStartsByItself:
      'The service rolls this version out to the fleet by itself. Follow it with "hf-token status", or pass --wait next time.',
    hubCheckSkipped: 'Hub check skipped: HUB_BASE_URL is not set (for example HUB_BASE_URL=https://huggingface.co).',
    hubSettingInvalid: (detail) => `Invalid Hub setting: ${detail}`,
    hubCheckPassed: (hubUrl, repos) => `Hub check passed: ${hubUrl} accepts the token, and it can read ${repos.join(', ')}.`,
    hubCheckUnavailable: (hubUrl, details) =>
      `Hub check not possible, ${hubUrl} did not answer: ${details.join(' ')} The token is stored without the check.`,
    hubCheckFailed: (hubUrl, details) => `The Hub check at ${hubUrl} rejected the token; nothing was stored. ${details.join(' ')}`,
  },

  follow: {
    waiting: (version, intervalSeconds) => `Following the rollout of version ${version} (polling every ${intervalSeconds} s) ...`,
    command: (commandId, tokenVersion, rollback, targetCount) =>
      `Run Command ${commandId}: version ${tokenVersion}${rollback ? ' (rollback)' : ''}, targets ${targetCount} ${targetCount === 1 ? 'instance' : 'instances'}`,
    state: (state) => `Rollout: ${state}`,
    stateLabel: {
      claimed: 'claimed, command not sent yet',
      canary_running: 'canary running',
      fleet_running: 'fleet running',
      completed: 'completed',
      failed: 'failed',
      superseded: 'superseded by a newer version',
      aborted: 'aborted',
      blocked: 'blocked',
    },
    progress: (done, total, failed) => `Instances done: ${done}/${total}${failed > 0 ? `, ${failed} failed` : ''}`,
    instanceFailed: (instanceId, result, step, message) =>
      `  ${instanceId}: ${result}${step ? ` at step ${step}` : ''}${message ? `: ${message}` : ''}`,
    succeeded: (version, total) => `Rollout of version ${version} succeeded: all ${total} instances run it.`,
    failed: (version, failed, total, reason) =>
      `Rollout of version ${version} failed: ${failed} of ${total} instances do not run it${reason ? ` (${withoutPeriod(reason)})` : ''}. "hf-token status" shows each instance; the alert e-mail lists what to do.`,
    stopped: (version, state, reason) =>
      `The rollout of version ${version} stopped before it finished: ${state}${reason ? `: ${withoutPeriod(reason)}` : ''}. "hf-token status" shows what the instances run.`,
    cause: (cause) => {
      switch (cause.kind) {
        case 'canary_failed':
          return 'the canary failed';
        case 'instances_failed':
          return `failed or rolled back on ${cause.failed} of ${cause.total} instances`;
        case 'superseded':
          return cause.byVersion === null ? 'no version is desired any more' : `version ${cause.byVersion} replaced it`;
        case 'aborted_by_operator':
          return 'aborted by an operator (hf-token abort)';
      }
    },
    noTargets: (tag) => `The rollout reached no instance: no managed instance carries the tag ${tag}.`,
    notStarted: (seconds) =>
      `No rollout started within ${seconds} s. Check that the stack is deployed for this stage and region (--stage, --region) and read the logs of the onParameterChange function.`,
    timedOut: (minutes) => `The rollout is still running after ${minutes} minutes; stopped waiting. Follow it with "hf-token status".`,
  },

  status: {
    heading: (parameter, region, stage) => `Token ${parameter} (region ${region}, stage ${stage})`,
    currentVersionLabel: 'current version:',
    currentVersion: (version, time, age) => `${version}, stored ${time} (${age})`,
    labelName: { desired: 'desired:', deployed: 'deployed:', previous: 'previous:' },
    labelNotSet: 'not set',
    rollout: (version, state, updatedAt) => `Rollout of version ${version}: ${state} (updated ${updatedAt})`,
    instancesHeading: (tag, count) => `Instances with tag ${tag}: ${count}`,
    columns: { instance: 'INSTANCE', agent: 'AGENT', version: 'VERSION', result: 'LAST RUN', time: 'TIME', source: 'SOURCE' },
    source: { inventory: 'inventory', command: 'command' },
    result: {
      applied: 'updated',
      unchanged: 'already current',
      rolled_back: 'rolled back',
      failed: 'failed',
      not_reached: 'not reached',
      pending: 'running',
      unknown: 'no record',
    },
    noInstances: (tag) =>
      `No managed instance carries the tag ${tag}. Tag the GPU instances and check that their SSM agent is online (Fleet Manager).`,
    inventoryMissing:
      'No instance has reported its inventory (Custom:HfTokenRotation) yet, so the rows come from the newest refresh commands.',
    allCurrent: (count, version) => `All ${count} instances run version ${version}.`,
    behind: (count, total, version) =>
      `${count} of ${total} instances do not run version ${version}. Start the rollout again with "hf-token rollout --version ${version}" once they are online.`,
    age: (milliseconds) => {
      const minutes = Math.floor(milliseconds / 60_000);
      if (minutes < 1) return 'just now';
      if (minutes < 60) return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'} ago`;
      const hours = Math.floor(minutes / 60);
      if (hours < 48) return `${hours} ${hours === 1 ? 'hour' : 'hours'} ago`;
      return `${Math.floor(hours / 24)} days ago`;
    },
  },

  rollout: {
    dryRunHeading: (version, tag, count) => `A rollout of version ${version} would target ${count} instances with tag ${tag}:`,
    dryRunNoInstances: (tag) => `A rollout would target no instance: no managed instance carries the tag ${tag}.`,
    dryRunOffline: (count) =>
      `${count} of them are not online; they get the version from the State Manager association when their agent reconnects.`,
    started: (version, wave, commandId) =>
      wave === 'canary'
        ? `Rollout of version ${version} started with the canary wave (Run Command ${commandId}); the fleet follows when the canary succeeds.`
        : `Rollout of version ${version} started on the whole fleet (Run Command ${commandId}).`,
    alreadyRunning: (version, state) => `A rollout of version ${version} is already under way (${state}); nothing new was started.`,
    supersededByDesired: (version, desiredVersion) =>
      `Version ${version} was not rolled out: the newer version ${desiredVersion} is desired. To go back to ${version}, run "hf-token rollback --version ${version}".`,
    blocked: (version, reason) => `The rollout of version ${version} was blocked: ${reason}`,
    notStarted: (version, reason) => `The rollout of version ${version} did not start: ${reason}`,
    rollbackRequested: (from, to) => `Rolling back${from === null ? '' : ` from version ${from}`} to version ${to}.`,
    noRollbackTarget:
      'There is no version to roll back to: neither a "previous" label nor a "deployed" version that differs from "desired". Name the version with --version N.',
    rollbackTargetIsCurrent: (version) => `Version ${version} is already the desired version; there is nothing to roll back.`,
    followHint: 'Follow it with "hf-token status", or pass --wait.',
    aborted: (commandIds) => `Cancelled ${commandIds.length} running refresh commands: ${commandIds.join(', ')}.`,
    desiredAfterAbort: (version, after) => {
      switch (after.kind) {
        case 'restored':
          return `The desired label points to version ${after.version} again: the State Manager association brings instances that took version ${version} back at its next run ("hf-token rollback" does it now).`;
        case 'newer':
          return `A version newer than ${version} exists, so the desired label is left to its rollout.`;
        case 'kept':
          return `No earlier version could take the desired label, so it stays on version ${version} and the association applies it at its next run. Store a working token now.`;
      }
    },
    claimsAborted: (versions) => `Marked the rollout of version ${versions.join(', ')} as aborted; no further wave starts.`,
    nothingToAbort: (parameter) => `No refresh command for ${parameter} is pending or running; nothing was cancelled.`,
  },

  check: {
    running: (functionName) => `Running the scheduled checks once (Lambda function ${functionName}) ...`,
    notDeployed: (functionName, region) =>
      `The check function ${functionName} does not exist in ${region}. Check --stage and --region, or deploy the stack (npx sls deploy --stage STAGE --region ${region}).`,
    functionFailed: (functionName, detail) =>
      `The check function ${functionName} failed: ${detail}. Its CloudWatch logs (/aws/lambda/${functionName}) show the details.`,
    unreadableResult: (functionName) =>
      `The check function ${functionName} returned no readable result. Check that the deployed stack matches this CLI version.`,
    noFindings: 'No findings: token age, rollout, fleet, Hub access and alert topic are in order.',
    summary: (findings, sent, suppressed, escalated) =>
      `${findings} ${findings === 1 ? 'finding' : 'findings'}: ${sent} sent in the alert, ${suppressed} already sent recently, ${escalated} escalated.`,
    finding: (severity, id, sent) => `[${severity}] ${id}${sent ? ' (alert sent)' : ''}`,
  },

  help: {
    title: 'hf-token: rotate the Hugging Face token of the WhisperX fleet (SSM Parameter Store and Run Command)',
    usage: 'Usage',
    generalUsage: 'hf-token COMMAND [--help] [options]',
    commandsHeading: 'Commands',
    optionsHeading: 'Options',
    globalOptionsHeading: 'Options of every command',
    exitCodesHeading: 'Exit codes',
    examplesHeading: 'Examples',
    moreHelp: 'Run "hf-token COMMAND --help" for the options of a command.',
    globalOptions: {
      region: 'AWS region (default: AWS_REGION, else AWS_DEFAULT_REGION, else eu-central-1)',
      profile: 'AWS profile from ~/.aws/config (default: AWS_PROFILE)',
      parameter: 'Parameter Store name of the token (default: /whisperx/hf_token)',
      stage: 'stage the stack was deployed with (default: prod)',
      tag: 'EC2 tag that selects the fleet, KEY=VALUE[,VALUE] (default: HfTokenConsumer=whisperx)',
      lang: 'language of the output, en or de (default: German when LC_ALL, LC_MESSAGES or LANG starts with de)',
      'no-color': 'print without colors (also when NO_COLOR is set or stdout is not a terminal)',
      help: 'show this help',
    },
    placeholders: {
      region: 'REGION',
      profile: 'PROFILE',
      parameter: 'NAME',
      stage: 'STAGE',
      tag: 'KEY=VALUE',
      lang: 'en|de',
      'from-env-file': 'PATH',
      'env-key': 'NAME',
      'kms-key-id': 'KEY',
      version: 'N',
      timeout: 'MINUTES',
    },
    exitCodes: {
      ok: 'success',
      failure: 'failure (rollout failed, invalid input, AWS call failed)',
      usage: 'wrong command line',
      degraded: 'degraded: instances do not run the desired version, or no instance is targeted',
      awsAccess: 'AWS credentials missing, expired or rejected, or access denied',
    },
    commands: {
      put: {
        usage: 'hf-token put [--from-env-file PATH] [--kms-key-id KEY] [--hub-check] [--wait] [options]',
        summary: 'Store a new token version as a SecureString; the service then rolls it out.',
        details: [
          'The token is read from standard input (hidden when typed or pasted into a terminal) or from a .env file, never from the command line. It must look like a Hugging Face token: hf_ followed by at least 30 letters and digits.',
          'The output names the new version and its fingerprint (sha256: and 12 hex digits), never the token.',
        ],
        options: {
          'from-env-file': 'read the token from this .env file, as docker compose reads it',
          'env-key': 'variable of the .env file that holds the token (default: HF_TOKEN)',
          'kms-key-id': 'KMS key for the SecureString (default: the key the parameter has now, else alias/aws/ssm)',
          'hub-check': 'check the token on the Hugging Face Hub at HUB_BASE_URL before storing it (skipped when HUB_BASE_URL is not set)',
          wait: 'follow the rollout that the new version starts and exit 1 if it fails',
          timeout: 'with --wait: stop waiting after this many minutes (default: 60)',
        },
        examples: ['hf-token put --from-env-file .env --wait', 'pass show hf/token | hf-token put'],
      },
      status: {
        usage: 'hf-token status [--json] [options]',
        summary: 'Show the token versions, the labels and what each instance runs.',
        details: [
          'Each instance row comes from its inventory item (Custom:HfTokenRotation), or from the newest refresh commands when it has none yet. Exit code 3 means instances do not run the desired version.',
        ],
        options: { json: 'print the status as JSON' },
        examples: ['hf-token status', 'hf-token status --json --region eu-central-1'],
      },
      rollout: {
        usage: 'hf-token rollout [--version N] [--dry-run] [--wait] [options]',
        summary: 'Roll a stored version out to the fleet again (default: the desired version).',
        details: ['Moves the "desired" label to the version and sends the refresh command to every instance with the tag.'],
        options: {
          version: 'version to roll out (default: the desired version, else the current one)',
          'dry-run': 'only list the instances that would be targeted and what they run now',
          json: 'with --dry-run: print the instances as JSON',
          wait: 'follow the rollout until it ends and exit 1 if it fails',
          timeout: 'with --wait: stop waiting after this many minutes (default: 60)',
        },
        examples: ['hf-token rollout --dry-run', 'hf-token rollout --version 7 --wait'],
      },
      rollback: {
        usage: 'hf-token rollback [--version N] [--wait] [options]',
        summary: 'Move the fleet back to the last deployed or the previous version.',
        details: [
          'Moves the "desired" label back and rolls that version out with rollback=true, which lets instances go to an older version. Without --version the target is the "deployed" version when a newer one is desired, else the "previous" version.',
        ],
        options: {
          version: 'version to roll back to',
          wait: 'follow the rollback until it ends and exit 1 if it fails',
          timeout: 'with --wait: stop waiting after this many minutes (default: 60)',
        },
        examples: ['hf-token rollback --wait'],
      },
      abort: {
        usage: 'hf-token abort [--version N] [options]',
        summary: 'Cancel the pending and running refresh commands of the token.',
        details: [
          'Instances that already finished keep the version they applied; run "hf-token rollback" to move them back.',
        ],
        options: { version: 'cancel only the commands for this version' },
        examples: ['hf-token abort'],
      },
      check: {
        usage: 'hf-token check [--json] [options]',
        summary: 'Run the scheduled checks once and list their findings.',
        details: [
          'Invokes the deployed check function (hf-token-rotation-STAGE-checkStaleness), so the checks use the stack\'s settings and send their alert as on schedule. Exit code 3 means a finding of severity warning or worse.',
        ],
        options: { json: 'print the result as JSON' },
        examples: ['hf-token check', 'hf-token check --stage prod --json'],
      },
    },
  },
};
