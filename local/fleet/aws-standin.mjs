// Stand-in for the AWS CLI v2 on a simulated instance. It runs only
//   aws ssm get-parameter --name NAME[:VERSION|:LABEL] [--with-decryption] [--query Q]
//       [--output text|json] [--region R] [--endpoint-url URL]
//   aws ssm put-inventory --instance-id ID --items JSON [--region R] [--endpoint-url URL]
// through @aws-sdk/client-ssm against a loopback endpoint, and prints what the real CLI prints:
// the same stdout for the supported queries, the same stderr shape for errors and the exit
// statuses of CLI v2 (252 usage, 253 configuration or credentials, 254 service error, 255 other).
// Credentials come only from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: the SDK's default chain
// would ask the EC2 instance metadata endpoint, which the simulation must never contact.
// Every call is recorded in the argv log of SIM_INSTANCE_DIR.
import { recordArgv } from './argv-log.mjs';
import { readInstanceConfig } from './instance-config.mjs';

const EXIT_USAGE = 252;
const EXIT_CONFIGURATION = 253;
const EXIT_SERVICE_ERROR = 254;
const EXIT_OTHER = 255;

const OPTIONS_WITH_VALUE = new Set([
  '--name', '--query', '--output', '--region', '--endpoint-url', '--profile', '--cli-read-timeout', '--cli-connect-timeout',
  '--instance-id', '--items',
]);
const FLAGS = new Set(['--with-decryption', '--no-with-decryption', '--no-cli-pager', '--debug', '--no-paginate']);

/** Queries the refresh script and operators use; each maps a GetParameter response to output. */
const QUERIES = {
  'Parameter.[Value,Version]': (response) => [response.Parameter?.Value ?? null, response.Parameter?.Version ?? null],
  'Parameter.Value': (response) => response.Parameter?.Value ?? null,
  'Parameter.Version': (response) => response.Parameter?.Version ?? null,
};

class CliError extends Error {
  /**
   * @param {number} exitStatus
   * @param {string} message stderr text
   */
  constructor(exitStatus, message) {
    super(message);
    this.exitStatus = exitStatus;
  }
}

function parseArgs(argv) {
  const positional = [];
  const options = new Map();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg : arg.slice(0, equals);
    if (OPTIONS_WITH_VALUE.has(name)) {
      const value = equals === -1 ? argv[++i] : arg.slice(equals + 1);
      if (value === undefined) throw new CliError(EXIT_USAGE, `aws: error: argument ${name}: expected one argument`);
      options.set(name, value);
    } else if (FLAGS.has(arg) || arg === '--version') {
      options.set(arg, true);
    } else {
      throw new CliError(EXIT_USAGE, `aws: error: Unknown options: ${arg}`);
    }
  }
  return { positional, options };
}

function isLoopbackEndpoint(endpoint) {
  try {
    const url = new URL(endpoint);
    return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
  } catch {
    return false;
  }
}

function formatOutput(result, output) {
  if (output === 'json') return `${JSON.stringify(result, null, 4)}\n`;
  const text = (value) => (value === null || value === undefined ? 'None' : String(value));
  return `${Array.isArray(result) ? result.map(text).join('\t') : text(result)}\n`;
}

/**
 * Builds an SSM client for the loopback endpoint from the environment, as the CLI resolves
 * credentials, region and endpoint; throws the CLI's configuration errors.
 */
async function ssmClient(options, faults) {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (faults.noInstanceRole || !accessKeyId || !secretAccessKey) {
    throw new CliError(EXIT_CONFIGURATION, 'Unable to locate credentials. You can configure credentials by running "aws configure".');
  }
  const region = options.get('--region') ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new CliError(EXIT_CONFIGURATION, 'You must specify a region. You can also configure your region by running "aws configure".');
  }
  const endpoint = options.get('--endpoint-url') ?? process.env.AWS_ENDPOINT_URL_SSM ?? process.env.AWS_ENDPOINT_URL;
  if (!endpoint || !isLoopbackEndpoint(endpoint)) {
    throw new CliError(
      EXIT_CONFIGURATION,
      `aws (simulated): AWS_ENDPOINT_URL must be an http URL on 127.0.0.1 or localhost, not ${JSON.stringify(endpoint ?? '')}`,
    );
  }

  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const sdk = await import('@aws-sdk/client-ssm');
  const client = new sdk.SSMClient({
    region: String(region),
    endpoint: String(endpoint),
    credentials: { accessKeyId, secretAccessKey, sessionToken: process.env.AWS_SESSION_TOKEN },
  });
  return { sdk, client, endpoint: String(endpoint) };
}

/** Sends one command and maps SDK errors to the CLI's stderr text and exit status. */
async function sendAs(operation, { client, endpoint }, command) {
  try {
    return await client.send(command);
  } catch (error) {
    const metadata = /** @type {{ $metadata?: { httpStatusCode?: number } }} */ (error).$metadata;
    if (metadata?.httpStatusCode) {
      throw new CliError(EXIT_SERVICE_ERROR, `\nAn error occurred (${error.name}) when calling the ${operation} operation: ${error.message}`);
    }
    throw new CliError(EXIT_OTHER, `\nCould not connect to the endpoint URL: "${endpoint}"`);
  } finally {
    client.destroy();
  }
}

async function getParameter(options, faults) {
  const name = options.get('--name');
  if (name === undefined) throw new CliError(EXIT_USAGE, 'aws: error: the following arguments are required: --name');
  const output = String(options.get('--output') ?? process.env.AWS_DEFAULT_OUTPUT ?? 'json');
  const query = options.get('--query');
  if (query !== undefined && !(query in QUERIES)) {
    throw new CliError(EXIT_USAGE, `aws (simulated): --query ${query} is not simulated; use one of ${Object.keys(QUERIES).join(', ')}`);
  }
  if (output === 'text' && query === undefined) {
    throw new CliError(EXIT_USAGE, 'aws (simulated): --output text needs one of the simulated --query expressions');
  }

  const connection = await ssmClient(options, faults);
  const response = await sendAs(
    'GetParameter',
    connection,
    new connection.sdk.GetParameterCommand({ Name: String(name), WithDecryption: options.has('--with-decryption') }),
  );
  const { $metadata: _metadata, ...body } = response;
  const result = query === undefined ? body : QUERIES[query](body);
  process.stdout.write(formatOutput(result, output));
}

async function putInventory(options, faults) {
  const instanceId = options.get('--instance-id');
  const itemsText = options.get('--items');
  if (instanceId === undefined || itemsText === undefined) {
    throw new CliError(EXIT_USAGE, 'aws: error: the following arguments are required: --instance-id, --items');
  }
  let items;
  try {
    items = JSON.parse(String(itemsText));
  } catch (error) {
    throw new CliError(EXIT_USAGE, `\nError parsing parameter '--items': Invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const connection = await ssmClient(options, faults);
  await sendAs('PutInventory', connection, new connection.sdk.PutInventoryCommand({ InstanceId: String(instanceId), Items: items }));
  // CLI v2 prints the response; PutInventory's Message is empty.
  process.stdout.write('{\n    "Message": ""\n}\n');
}

/**
 * Runs one stand-in aws call and returns its exit status.
 * @param {string[]} argv arguments after `aws`
 * @returns {Promise<number>}
 */
export async function runAwsCli(argv) {
  const instanceDir = process.env.SIM_INSTANCE_DIR;
  if (instanceDir) recordArgv(instanceDir, 'aws', argv);
  const faults = instanceDir ? readInstanceConfig(instanceDir).faults : {};
  try {
    const { positional, options } = parseArgs(argv);
    if (options.has('--version')) {
      process.stdout.write('aws-cli/2.9.19 Python/3.11 Linux/simulated source/x86_64\n');
      return 0;
    }
    const [service, operation] = positional;
    if (service === 'ssm' && operation === 'get-parameter' && positional.length === 2) {
      await getParameter(options, faults);
      return 0;
    }
    if (service === 'ssm' && operation === 'put-inventory' && positional.length === 2) {
      await putInventory(options, faults);
      return 0;
    }
    throw new CliError(
      EXIT_USAGE,
      `aws (simulated): only "aws ssm get-parameter" and "aws ssm put-inventory" are simulated, not "aws ${positional.join(' ')}"`,
    );
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`${error.message}\n`);
      return error.exitStatus;
    }
    process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_OTHER;
  }
}
