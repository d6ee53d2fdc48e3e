import type { AlertLanguage } from '../config/config.js';
import type { InstanceOutcomeKind } from '../rollout/outcome.js';

/** Every text an alert can contain, in one language. Both languages implement all of it. */
export interface AlertCatalog {
  subjectRolloutProblem(parameter: string, version: string, problems: number, total: number): string;
  subjectRolloutSucceeded(parameter: string, version: string, total: number): string;
  subjectNoTargets(parameter: string, version: string): string;
  subjectParameterDeleted(parameter: string): string;
  subjectRolloutNotStarted(parameter: string): string;
  subjectCanaryFailed(parameter: string, version: string): string;
  subjectRolloutBlocked(parameter: string, version: string): string;

  rolloutProblemIntro(parameter: string, version: string, fingerprint: string | null): string;
  rolloutSucceededIntro(parameter: string, version: string, fingerprint: string | null): string;
  canaryFailedIntro(parameter: string, version: string, fingerprint: string | null, canaryCount: number): string;
  canaryDesiredRestored(version: string): string;
  canaryDesiredKept(version: string): string;
  canaryDesiredNewer: string;
  noTargetsIntro(parameter: string, version: string, tag: string): string;
  noTargetsAdvice: string;
  commandLine(commandId: string, status: string): string;
  countsHeading: string;
  kindLabel: Record<InstanceOutcomeKind, string>;
  needsAttentionHeading: string;
  runningNewHeading: string;
  stepLabel: string;
  listCut(omitted: number): string;
  adviceHeading: string;
  /** Advice per outcome, given the compose service on the instances. */
  advice: Record<'rolled_back' | 'failed' | 'not_reached' | 'pending', (service: string) => string>;

  parameterDeletedBody(parameter: string, time: string): string;
  rolloutNotStartedBody(parameter: string, version: string | null, reason: string): string;
  rolloutBlockedBody(parameter: string, version: string, reason: string): string;
}

const en: AlertCatalog = {
  subjectRolloutProblem: (parameter, version, problems, total) =>
    `${problems} of ${total} instances need attention after token rollout ${parameter} v${version}`,
  subjectRolloutSucceeded: (parameter, version, total) =>
    `Token rollout ${parameter} v${version}: all ${total} instances updated`,
  subjectNoTargets: (parameter, version) => `Token rollout ${parameter} v${version}: no instance targeted`,
  subjectParameterDeleted: (parameter) => `Token parameter ${parameter} was deleted`,
  subjectRolloutNotStarted: (parameter) => `Token rollout ${parameter} could not start`,
  subjectCanaryFailed: (parameter, version) => `Canary failed, rollout stopped: ${parameter} v${version}`,
  subjectRolloutBlocked: (parameter, version) => `Token ${parameter} v${version} rejected, not rolled out`,

  rolloutProblemIntro: (parameter, version, fingerprint) =>
    `The rollout of ${parameter} version ${version}${fingerprint ? ` (fingerprint ${fingerprint})` : ''} finished, but not every instance runs it.`,
  rolloutSucceededIntro: (parameter, version, fingerprint) =>
    `Every targeted instance runs ${parameter} version ${version}${fingerprint ? ` (fingerprint ${fingerprint})` : ''}, verified inside the running container.`,
  canaryFailedIntro: (parameter, version, fingerprint, canaryCount) =>
    `The canary wave of ${parameter} version ${version}${fingerprint ? ` (fingerprint ${fingerprint})` : ''} failed on ${canaryCount === 1 ? 'its instance' : `its ${canaryCount} instances`}. The rollout stopped: the rest of the fleet was not touched and keeps its current token.`,
  noTargetsIntro: (parameter, version, tag) =>
    `The rollout of ${parameter} version ${version} reached no instance: no managed instance carries the tag ${tag}.`,
  noTargetsAdvice:
    'Check that the GPU instances carry the tag and are online in Systems Manager (Fleet Manager). Instances that come online later get the token through the State Manager association.',
  canaryDesiredRestored: (version) =>
    `The desired label points to version ${version} again, so the State Manager association keeps the fleet on it.`,
  canaryDesiredKept: (version) =>
    `No earlier version could take the desired label, so it stays on version ${version} and the State Manager association applies it at its next run. Store a working token now.`,
  canaryDesiredNewer: 'A newer version of the token exists, so the desired label is left to its rollout.',
  commandLine: (commandId, status) => `Run Command: ${commandId} (status ${status})`,
  countsHeading: 'Instances',
  kindLabel: {
    applied: 'updated',
    unchanged: 'already current',
    rolled_back: 'rolled back',
    failed: 'failed',
    not_reached: 'not reached',
    pending: 'still running',
  },
  needsAttentionHeading: 'Instances that need attention:',
  runningNewHeading: 'Instances that run the new token:',
  stepLabel: 'step',
  listCut: (omitted) => `... ${omitted} more instances not listed (message size limit). Run "hf-token status" for the full list.`,
  adviceHeading: 'What to do:',
  advice: {
    rolled_back: (service) =>
      `Rolled back: the instance runs its previous token again and keeps working. Read the step and message above, fix the cause (container logs: docker compose logs ${service}), then run the rollout for this version again.`,
    failed: (service) =>
      `Failed: the instance may not run a working token. Check it now (Run Command output of the command above, docker compose ps ${service} on the instance) and run the rollout again once it is fixed.`,
    not_reached: () =>
      'Not reached: the command never ran there (instance offline, SSM agent not connected or not permitted). The instance keeps its old token until the association or a new rollout reaches it.',
    pending: () => 'Still running: these invocations had not finished when the results were read; check the command later.',
  },

  parameterDeletedBody: (parameter, time) =>
    `The token parameter ${parameter} was deleted at ${time}. Nothing was rolled out: the instances keep the token they run now, but new instances and repeated runs cannot fetch a token until the parameter exists again.\n\nWhat to do: if the deletion was not intended, store the token again (hf-token put) as a SecureString under the same name. If the token was compromised, also revoke it on the Hugging Face Hub.`,
  rolloutNotStartedBody: (parameter, version, reason) =>
    `The change of ${parameter}${version ? ` (version ${version})` : ''} was not rolled out: ${reason}\n\nThe instances keep the token they run now. Fix the cause, then start the rollout again (hf-token rollout --version N).`,
  rolloutBlockedBody: (parameter, version, reason) =>
    `Version ${version} of ${parameter} was not rolled out because the pre-flight check rejected it: ${reason}\n\nThe fleet keeps its working token. Create a new token on the Hugging Face Hub (read access, with access to the gated pyannote models accepted on the model pages), store it with hf-token put, and the rollout starts by itself.`,
};

const de: AlertCatalog = {
  subjectRolloutProblem: (parameter, version, problems, total) =>
    `${problems} von ${total} Instanzen mit Problemen nach Token-Rollout ${parameter} v${version}`,
  subjectRolloutSucceeded: (parameter, version, total) =>
    `Token-Rollout ${parameter} v${version}: alle ${total} Instanzen aktualisiert`,
  subjectNoTargets: (parameter, version) => `Token-Rollout ${parameter} v${version}: keine Instanz erreicht`,
  subjectParameterDeleted: (parameter) => `Token-Parameter ${parameter} wurde gelöscht`,
  subjectRolloutNotStarted: (parameter) => `Token-Rollout ${parameter} konnte nicht starten`,
  subjectCanaryFailed: (parameter, version) => `Canary fehlgeschlagen, Rollout gestoppt: ${parameter} v${version}`,
  subjectRolloutBlocked: (parameter, version) => `Token ${parameter} v${version} abgelehnt, nicht ausgerollt`,

  rolloutProblemIntro: (parameter, version, fingerprint) =>
    `Der Rollout von ${parameter} Version ${version}${fingerprint ? ` (Fingerprint ${fingerprint})` : ''} ist abgeschlossen, aber nicht jede Instanz verwendet diese Version.`,
  rolloutSucceededIntro: (parameter, version, fingerprint) =>
    `Alle Zielinstanzen verwenden ${parameter} Version ${version}${fingerprint ? ` (Fingerprint ${fingerprint})` : ''}; geprüft im laufenden Container.`,
  canaryFailedIntro: (parameter, version, fingerprint, canaryCount) =>
    `Die Canary-Welle von ${parameter} Version ${version}${fingerprint ? ` (Fingerprint ${fingerprint})` : ''} ist ${canaryCount === 1 ? 'auf ihrer Instanz' : `auf ihren ${canaryCount} Instanzen`} fehlgeschlagen. Der Rollout wurde gestoppt: Die übrige Flotte blieb unberührt und behält ihren aktuellen Token.`,
  noTargetsIntro: (parameter, version, tag) =>
    `Der Rollout von ${parameter} Version ${version} hat keine Instanz erreicht: Keine verwaltete Instanz trägt das Tag ${tag}.`,
  noTargetsAdvice:
    'Prüfen Sie, ob die GPU-Instanzen das Tag tragen und in Systems Manager (Fleet Manager) online sind. Instanzen, die später online gehen, erhalten den Token über die State-Manager-Zuordnung.',
  canaryDesiredRestored: (version) =>
    `Das Label desired zeigt wieder auf Version ${version}; die State-Manager-Zuordnung hält die Flotte also auf dieser Version.`,
  canaryDesiredKept: (version) =>
    `Es gibt keine frühere Version für das Label desired. Es bleibt daher auf Version ${version}, und die State-Manager-Zuordnung spielt sie beim nächsten Lauf ein. Speichern Sie jetzt einen funktionierenden Token.`,
  canaryDesiredNewer: 'Es gibt bereits eine neuere Version des Tokens; über das Label desired entscheidet deren Rollout.',
  commandLine: (commandId, status) => `Run Command: ${commandId} (Status ${status})`,
  countsHeading: 'Instanzen',
  kindLabel: {
    applied: 'aktualisiert',
    unchanged: 'bereits aktuell',
    rolled_back: 'zurückgerollt',
    failed: 'fehlgeschlagen',
    not_reached: 'nicht erreicht',
    pending: 'läuft noch',
  },
  needsAttentionHeading: 'Instanzen, die Aufmerksamkeit brauchen:',
  runningNewHeading: 'Instanzen mit dem neuen Token:',
  stepLabel: 'Schritt',
  listCut: (omitted) =>
    `... ${omitted} weitere Instanzen nicht aufgeführt (Größenlimit der Nachricht). Die vollständige Liste zeigt "hf-token status".`,
  adviceHeading: 'Was zu tun ist:',
  advice: {
    rolled_back: (service) =>
      `Zurückgerollt: Die Instanz verwendet wieder ihren bisherigen Token und arbeitet weiter. Beheben Sie die Ursache anhand von Schritt und Meldung oben (Container-Logs: docker compose logs ${service}) und starten Sie den Rollout für diese Version erneut.`,
    failed: (service) =>
      `Fehlgeschlagen: Die Instanz hat möglicherweise keinen funktionierenden Token. Prüfen Sie sie sofort (Ausgabe des Run Command oben, docker compose ps ${service} auf der Instanz) und starten Sie den Rollout nach der Behebung erneut.`,
    not_reached: () =>
      'Nicht erreicht: Der Befehl lief dort nicht (Instanz offline, SSM-Agent nicht verbunden oder nicht berechtigt). Die Instanz behält ihren alten Token, bis die Zuordnung oder ein neuer Rollout sie erreicht.',
    pending: () => 'Läuft noch: Diese Aufrufe waren beim Auslesen nicht abgeschlossen; prüfen Sie den Befehl später.',
  },

  parameterDeletedBody: (parameter, time) =>
    `Der Token-Parameter ${parameter} wurde am ${time} gelöscht. Es wurde nichts ausgerollt: Die Instanzen behalten ihren aktuellen Token, aber neue Instanzen und wiederholte Läufe können keinen Token abrufen, bis der Parameter wieder existiert.\n\nWas zu tun ist: War das Löschen nicht beabsichtigt, speichern Sie den Token erneut (hf-token put) als SecureString unter demselben Namen. Ist der Token kompromittiert, widerrufen Sie ihn zusätzlich im Hugging Face Hub.`,
  rolloutNotStartedBody: (parameter, version, reason) =>
    `Die Änderung von ${parameter}${version ? ` (Version ${version})` : ''} wurde nicht ausgerollt: ${reason}\n\nDie Instanzen behalten ihren aktuellen Token. Beheben Sie die Ursache und starten Sie den Rollout erneut (hf-token rollout --version N).`,
  rolloutBlockedBody: (parameter, version, reason) =>
    `Version ${version} von ${parameter} wurde nicht ausgerollt, weil die Vorabprüfung sie abgelehnt hat: ${reason}\n\nDie Flotte behält ihren funktionierenden Token. Erstellen Sie im Hugging Face Hub einen neuen Token (Leserechte, Zugriff auf die zugangsbeschränkten pyannote-Modelle auf deren Modellseiten bestätigt), speichern Sie ihn mit hf-token put; der Rollout startet dann von selbst.`,
};

export const ALERT_CATALOGS: Record<AlertLanguage, AlertCatalog> = { en, de };
