// `npm run demo`: a whole token rotation on the local stack, with no AWS account and no network.
// `npm run demo -- --lang de` (or a German locale) prints the narration, the alerts and the CLI in German.
// Four simulated instances, three of them tagged. Version 1 reaches the fleet, then version 2 is
// stored, and one instance's health endpoint fails after its recreate, so it rolls back.
import { SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprint } from '../shared/token/fingerprint.js';
import { runCli } from './demo/cli.js';
import { describeScriptOutput, Narrator } from './demo/narrator.js';
import { DEMO_TEXTS, demoLanguage } from './demo/texts.js';
import { fleetTable } from './demo/fleet-table.js';
import { startLocalStack, TOKEN_PARAMETER, type LocalStack } from './stack.js';
import { generateToken } from './tokens.js';

const TAG = { HfTokenConsumer: 'whisperx' };
const INSTANCES = [
  { instanceId: 'i-0a1b2c3d4e5f60001', tags: { ...TAG, Name: 'whisperx-gpu-1' } },
  { instanceId: 'i-0a1b2c3d4e5f60002', tags: { ...TAG, Name: 'whisperx-gpu-2' } },
  { instanceId: 'i-0a1b2c3d4e5f60003', tags: { ...TAG, Name: 'whisperx-gpu-3' } },
  { instanceId: 'i-0a1b2c3d4e5f60004', tags: { Name: 'build-runner' } },
];
const FAILING_INSTANCE = 'i-0a1b2c3d4e5f60003';
const STATE_PATH = '/hf-token-rotation/local';
const AGE_DAYS = 80;

async function main(): Promise<void> {
  const language = demoLanguage(process.argv.slice(2), process.env);
  const t = DEMO_TEXTS[language];
  const langOption = language === 'de' ? ['--lang', 'de'] : [];
  const narrator = new Narrator(STATE_PATH);
  const rootDir = mkdtempSync(join(tmpdir(), 'hf-token-demo-'));
  const lambdaLogPath = join(rootDir, 'lambda.log');
  let stack: LocalStack | undefined;
  let narrate = false;
  try {
    stack = await startLocalStack({
      rootDir,
      instances: INSTANCES,
      serviceEnv: { MAX_CONCURRENCY: '2', STATE_PARAMETER_PATH: STATE_PATH, ALERT_LANGUAGE: language },
      lambdaLog: (line) => appendFileSync(lambdaLogPath, `${line}\n`),
      onEvent: (event) => {
        if (narrate) narrator.event(event, (commandId, instanceId) => describeInvocation(stack, commandId, instanceId));
      },
    });
    stack.bus.onDelivery((delivery) => {
      if (narrate) narrator.delivery(delivery);
    });

    narrator.line(t.title);
    narrator.line(t.endpoint(stack.aws.url));
    narrator.line(t.parameter(TOKEN_PARAMETER));
    narrator.line(t.fleet(INSTANCES.length));

    // The stack's alert topic has one confirmed e-mail subscriber, as `alertEmails` sets up.
    await new SNSClient({ endpoint: stack.aws.url }).send(
      new SubscribeCommand({ TopicArn: stack.topicArn, Protocol: 'email', Endpoint: 'ops@example.com' }),
    );
    stack.aws.sns.confirmSubscriptions(stack.topicArn);

    narrator.heading(t.step1);
    const first = generateToken();
    const firstVersion = await stack.putToken(first);
    await stack.settle();
    const fingerprints = new Map<string, string>([[fingerprint(first), `v${firstVersion}`]]);
    narrator.line(t.stored(firstVersion, fingerprint(first)));
    narrator.line(t.faultAhead(FAILING_INSTANCE));
    stack.fleet.setFaults(FAILING_INSTANCE, { healthFailsAfterRecreate: 1 });

    narrator.heading(t.step2);
    const second = generateToken();
    const tokenFile = join(rootDir, 'new-token.env');
    writeFileSync(tokenFile, `HF_TOKEN=${second}\n`, { mode: 0o600 });
    stack.hub.register(second, { role: 'read', gatedAccess: true });
    fingerprints.set(fingerprint(second), 'v2');
    narrator.line(`   $ npx hf-token put --from-env-file new-token.env --wait --stage local${langOption.length ? ' --lang de' : ''}`);
    narrate = true;
    const putExit = await runCli(['put', '--from-env-file', tokenFile, '--wait', '--stage', 'local', ...langOption], (line) => narrator.line(`   hf-token | ${line}`));
    await stack.settle();
    narrate = false;
    narrator.line(t.cliExit(putExit));

    narrator.heading(t.step3);
    const alerts = stack.aws.sns.messages(stack.topicArn);
    if (alerts.length === 0) narrator.line(t.noAlert);
    for (const alert of alerts) printAlert(narrator, alert);

    narrator.heading(t.step4);
    narrator.line(`   $ npx hf-token status --stage local${langOption.length ? ' --lang de' : ''}`);
    await runCli(['status', '--stage', 'local', ...langOption], (line) => narrator.line(`   hf-token | ${line}`));
    narrator.line('');
    narrator.line(t.crossCheck);
    for (const line of await fleetTable(stack, INSTANCES, fingerprints, t)) narrator.line(`   ${line}`);

    narrator.heading(t.step5(AGE_DAYS));
    narrator.line(t.clockMoved(AGE_DAYS));
    const sentBefore = stack.aws.sns.messages(stack.topicArn).length;
    const checked = await stack.runChecks(() => new Date(Date.now() + AGE_DAYS * 86_400_000));
    narrator.line(t.findings(checked.findings.length, checked.sent));
    for (const alert of stack.aws.sns.messages(stack.topicArn).slice(sentBefore)) printAlert(narrator, alert);

    narrator.heading(t.step6);
    const rejected = generateToken();
    narrate = true;
    const rejectedVersion = await stack.putToken(rejected, 'unknown');
    fingerprints.set(fingerprint(rejected), `v${rejectedVersion}`);
    await stack.settle();
    narrate = false;
    const alertsBefore = sentBefore + 1;
    for (const alert of stack.aws.sns.messages(stack.topicArn).slice(alertsBefore)) printAlert(narrator, alert);
    narrator.line('');
    narrator.line(t.fleetKeeps);
    for (const line of await fleetTable(stack, INSTANCES, fingerprints, t)) narrator.line(`   ${line}`);
    narrator.line('');
    narrator.line(t.done);
  } finally {
    await stack?.stop();
    rmSync(rootDir, { recursive: true, force: true });
  }
}

function printAlert(narrator: Narrator, alert: { subject?: string | undefined; message: string }): void {
  narrator.line(`   Subject: ${alert.subject ?? ''}`);
  for (const line of alert.message.split('\n')) narrator.line(`   | ${line}`);
}

function describeInvocation(stack: LocalStack | undefined, commandId: string, instanceId: string): string | undefined {
  const invocation = stack?.aws.ssm.invocations(commandId).find((candidate) => candidate.instanceId === instanceId);
  if (!invocation) return undefined;
  return describeScriptOutput(invocation.stdout) ?? `${invocation.status} (${invocation.statusDetails})`;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
