/** The demo's own narration, in both languages the service speaks. */
export interface DemoTexts {
  title: string;
  endpoint(url: string): string;
  parameter(name: string): string;
  fleet(count: number): string;
  step1: string;
  stored(version: number, fingerprint: string): string;
  faultAhead(instanceId: string): string;
  step2: string;
  cliExit(code: number): string;
  step3: string;
  noAlert: string;
  step4: string;
  crossCheck: string;
  step5(days: number): string;
  clockMoved(days: number): string;
  findings(found: number, sent: number): string;
  step6: string;
  fleetKeeps: string;
  done: string;
  tableHeader: [string, string, string, string, string];
  yes: string;
  no: string;
  otherToken: string;
  noContainer: string;
  neverTargeted: string;
}

const en: DemoTexts = {
  title: 'hf-token-rotation demo: one token rotation on a local stack (no AWS account, no network)',
  endpoint: (url) => `Local AWS endpoint: ${url} (SSM and SNS over their AWS wire protocols)`,
  parameter: (name) => `Token parameter:    ${name} (SecureString)`,
  fleet: (count) => `Fleet:              ${count} simulated instances; the rollout targets tag HfTokenConsumer=whisperx`,
  step1: '1. The fleet runs token version 1',
  stored: (version, fingerprint) => `   Stored version ${version} (fingerprint ${fingerprint}) and let the rollout finish.`,
  faultAhead: (instanceId) => `   From now on, ${instanceId}'s health endpoint fails after its next recreate.`,
  step2: '2. An operator stores token version 2 with the CLI',
  cliExit: (code) => `   (hf-token exited with ${code}${code === 0 ? '' : ': the rollout did not reach every instance'})`,
  step3: '3. The alert on the SNS topic (what the e-mail subscribers read)',
  noAlert: '   (no alert: every instance took the new token)',
  step4: '4. Which instance runs which token now',
  crossCheck: '   Cross-check: the token fingerprint read from each running container:',
  step5: (days) => `5. ${days} days later: the daily check runs`,
  clockMoved: (days) => `   The check's clock is moved ${days} days ahead; tokens older than 90 days are critical, from 76 days a warning.`,
  findings: (found, sent) => `   ${found} findings, ${sent} sent:`,
  step6: '6. Someone stores a token the Hub rejects (revoked, or a typo)',
  fleetKeeps: '   The fleet still runs the working token:',
  done: 'Done. The token values were generated for this run and printed nowhere.',
  tableHeader: ['INSTANCE', 'TAGGED', 'RUNS', 'FINGERPRINT', 'LAST RUN'],
  yes: 'yes',
  no: 'no',
  otherToken: 'other token',
  noContainer: 'no container',
  neverTargeted: 'never targeted',
};

const de: DemoTexts = {
  title: 'hf-token-rotation-Demo: eine Token-Rotation auf einem lokalen Stack (ohne AWS-Konto, ohne Netzwerk)',
  endpoint: (url) => `Lokaler AWS-Endpunkt: ${url} (SSM und SNS über ihre AWS-Protokolle)`,
  parameter: (name) => `Token-Parameter:      ${name} (SecureString)`,
  fleet: (count) => `Flotte:               ${count} simulierte Instanzen; der Rollout zielt auf das Tag HfTokenConsumer=whisperx`,
  step1: '1. Die Flotte verwendet Token-Version 1',
  stored: (version, fingerprint) => `   Version ${version} (Fingerprint ${fingerprint}) gespeichert und den Rollout abgewartet.`,
  faultAhead: (instanceId) => `   Ab jetzt schlägt der Health-Check von ${instanceId} nach dem nächsten Neuerstellen fehl.`,
  step2: '2. Eine Operatorin speichert Token-Version 2 mit dem CLI',
  cliExit: (code) => `   (hf-token endete mit ${code}${code === 0 ? '' : ': der Rollout hat nicht jede Instanz erreicht'})`,
  step3: '3. Der Alarm im SNS-Topic (was die E-Mail-Abonnenten lesen)',
  noAlert: '   (kein Alarm: jede Instanz hat den neuen Token übernommen)',
  step4: '4. Welche Instanz welchen Token verwendet',
  crossCheck: '   Gegenprobe: der Token-Fingerprint, gelesen aus jedem laufenden Container:',
  step5: (days) => `5. ${days} Tage später: die tägliche Prüfung läuft`,
  clockMoved: (days) =>
    `   Die Uhr der Prüfung wird um ${days} Tage vorgestellt; Tokens älter als 90 Tage sind kritisch, ab 76 Tagen gibt es eine Warnung.`,
  findings: (found, sent) => `   ${found} Befunde, ${sent} gesendet:`,
  step6: '6. Jemand speichert einen Token, den der Hub ablehnt (widerrufen oder vertippt)',
  fleetKeeps: '   Die Flotte verwendet weiter den funktionierenden Token:',
  done: 'Fertig. Die Token-Werte wurden für diesen Lauf erzeugt und nirgends ausgegeben.',
  tableHeader: ['INSTANZ', 'GETAGGT', 'VERSION', 'FINGERPRINT', 'LETZTER LAUF'],
  yes: 'ja',
  no: 'nein',
  otherToken: 'anderer Token',
  noContainer: 'kein Container',
  neverTargeted: 'nie Ziel',
};

export const DEMO_TEXTS = { en, de } as const;

/** German when `--lang de` is given or the locale (LC_ALL, LANG) starts with `de`. */
export function demoLanguage(argv: string[], env: NodeJS.ProcessEnv): 'en' | 'de' {
  const index = argv.indexOf('--lang');
  const option = index >= 0 ? argv[index + 1] : undefined;
  if (option === 'de' || option === 'en') return option;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.startsWith('de') ? 'de' : 'en';
}
