// The "container" of one simulated instance. It responds to GET /health like the WhisperX API and
// lets the stand-in `docker compose exec ... printenv` read its environment. It listens on
// 127.0.0.1 and serves loopback clients only. It never logs its environment.
// Usage: node health-server.mjs --instance-dir DIR (environment: the container environment plus
// SIM_CONTAINER_FAULTS, the JSON of container.mjs's ContainerFaults).
import http from 'node:http';
import { readInstanceConfig } from './instance-config.mjs';

const instanceDirIndex = process.argv.indexOf('--instance-dir');
const instanceDir = instanceDirIndex === -1 ? undefined : process.argv[instanceDirIndex + 1];
if (!instanceDir) {
  console.error('health-server: --instance-dir DIR is required');
  process.exit(2);
}

const config = readInstanceConfig(instanceDir);
/** @type {import('./container.mjs').ContainerFaults} */
const faults = JSON.parse(process.env.SIM_CONTAINER_FAULTS || '{}');
const environment = Object.fromEntries(
  Object.entries(process.env).filter(([name, value]) => !name.startsWith('SIM_') && value !== undefined),
);

function log(message) {
  console.log(`${new Date().toISOString()} ${config.instanceId} ${message}`);
}

function send(response, status, contentType, body) {
  response.writeHead(status, { 'content-type': contentType });
  response.end(body);
}

const server = http.createServer((request, response) => {
  const remote = request.socket.remoteAddress ?? '';
  if (remote !== '127.0.0.1' && remote !== '::ffff:127.0.0.1') {
    send(response, 403, 'application/json', '{"detail":"loopback clients only"}');
    return;
  }
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (request.method === 'GET' && url.pathname === '/health') {
    const status = faults.healthFails ? 500 : 200;
    const body =
      status === 200
        ? { status: 'ok', message: 'Service is running' }
        : { status: 'error', message: 'Service is failing (simulated fault)' };
    send(response, status, 'application/json', JSON.stringify(body));
    log(`GET /health ${status}`);
    return;
  }
  if (request.method === 'GET' && url.pathname === '/_sim/env') {
    send(response, 200, 'application/json', JSON.stringify(environment));
    log('GET /_sim/env 200');
    return;
  }
  if (request.method === 'GET' && url.pathname.startsWith('/_sim/env/')) {
    const name = decodeURIComponent(url.pathname.slice('/_sim/env/'.length));
    const value = environment[name];
    if (value === undefined) send(response, 404, 'text/plain', '');
    else send(response, 200, 'text/plain; charset=utf-8', value);
    log(`GET /_sim/env/${name} ${value === undefined ? 404 : 200}`);
    return;
  }
  send(response, 404, 'application/json', '{"detail":"Not Found"}');
});

/** How long a new container retries a port that is still in use (by a container that is stopping). */
const LISTEN_RETRY_MS = 5000;
const listenDeadline = Date.now() + LISTEN_RETRY_MS;

function listen() {
  server.listen(config.port, '127.0.0.1', () => log(`listening on 127.0.0.1:${config.port}`));
}

server.on('error', (error) => {
  if (/** @type {NodeJS.ErrnoException} */ (error).code === 'EADDRINUSE' && Date.now() < listenDeadline) {
    log(`127.0.0.1:${config.port} is in use; retrying`);
    setTimeout(listen, 100);
    return;
  }
  log(`cannot listen on 127.0.0.1:${config.port}: ${error.message}`);
  process.exit(1);
});

process.on('SIGTERM', () => {
  log('stopping (SIGTERM)');
  server.close();
  process.exit(0);
});

if (faults.neverListens) {
  log('started without listening (simulated fault)');
  setInterval(() => {}, 60_000);
} else {
  setTimeout(listen, faults.startupDelayMs ?? 0);
}
