import type { AlertLanguage } from '../config/config.js';
import type { PreflightIssue } from '../hub/preflight.js';
import type { FindingDetail, FindingKind, InstanceVersion, Severity } from './finding.js';

/** The text of one finding: a one-line title, what was found, what to do, and optional list lines. */
export interface FindingText {
  title: string;
  body: string;
  advice: string;
  /** One line per instance, shown under the body; the alert cuts long lists. */
  lines?: string[];
}

/** One text function per finding kind, typed by that kind's detail. */
export type FindingTexts = {
  [K in FindingKind]: (detail: Extract<FindingDetail, { kind: K }>, parameter: string) => FindingText;
};

/** Every text of the checks, in one language. Both languages implement all of it. */
export interface CheckCatalog {
  severityLabel: Record<Severity, string>;
  subjectDigest(count: number, highest: Severity): string;
  digestIntro(count: number, time: string): string;
  adviceLabel: string;
  moreLines(omitted: number): string;
  listCut(omitted: number): string;
  findings: FindingTexts;
  /** Text of a pre-flight issue, for the alert when a rollout is blocked. */
  preflight(issue: PreflightIssue): string;
}

const en: CheckCatalog = {
  severityLabel: { info: 'INFO', warning: 'WARNING', error: 'ERROR', critical: 'CRITICAL' },
  subjectDigest: (count, highest) => `Token checks: ${count} ${count === 1 ? 'finding' : 'findings'}, highest ${en.severityLabel[highest]}`,
  digestIntro: (count, time) => `The scheduled token checks at ${time} found ${count} ${count === 1 ? 'problem' : 'problems'}.`,
  adviceLabel: 'What to do:',
  moreLines: (omitted) => `- ... ${omitted} more (run "hf-token status" for the full list)`,
  listCut: (omitted) => `... ${omitted} more findings not shown (message size limit). The check function's log lists all of them.`,
  findings: {
    token_age: (d, parameter) => ({
      title:
        d.daysLeft > 0
          ? `Token ${parameter} version ${d.version} is ${d.ageDays} days old and reaches the maximum age in ${d.daysLeft} days`
          : `Token ${parameter} version ${d.version} is ${d.ageDays} days old, past the maximum age of ${d.maxAgeDays} days`,
      body: `Version ${d.version} was stored at ${d.lastModified}. Tokens are to be replaced after ${d.maxAgeDays} days.`,
      advice:
        'Create a new token on the Hugging Face Hub (Settings > Access Tokens) and store it with "hf-token put"; the service checks it and rolls it out. Revoke the old token on the Hub afterwards.',
    }),
    token_expiry: (d, parameter) => ({
      title: `Token ${parameter} version ${d.version} expires on ${d.expiresAt.slice(0, 10)}`,
      body: `The Hub reports that the token with fingerprint ${d.fingerprint} expires at ${d.expiresAt}, in ${d.daysLeft} days. After that, diarization fails with HTTP 401 while /health still returns 200.`,
      advice: 'Create a new token on the Hub before that date and store it with "hf-token put".',
    }),
    rollout_drift: (d, parameter) => {
      if (d.reason === 'no_desired') {
        return {
          title: `No version of ${parameter} is labelled "desired"`,
          body: `Version ${d.latest} is the newest, but no version carries the label "desired", so the association and new instances have no version to apply.`,
          advice: `Start a rollout of the newest version: hf-token rollout --version ${d.latest}.`,
        };
      }
      if (d.reason === 'desired_not_latest') {
        return {
          title: `${parameter}: version ${d.latest} is newer than the desired version ${d.desired}`,
          body: `The fleet is meant to run version ${d.desired}, but version ${d.latest} exists. This is expected after a rollback or a failed canary; otherwise the rollout of version ${d.latest} never started.`,
          advice: `After a failed canary or a rollback that is meant to stay, store a working token as a new version. Otherwise start the rollout of version ${d.latest}: hf-token rollout --version ${d.latest}.`,
        };
      }
      return {
        title: `${parameter}: desired version ${d.desired} is not deployed on every instance`,
        body: `The last version confirmed on every reachable instance is ${d.deployed ?? 'none'}. The rollout of version ${d.desired} did not finish, or failed on some instances.`,
        advice: `Run "hf-token status" to see which instances differ, fix them, and run the rollout again: hf-token rollout --version ${d.desired}.`,
      };
    },
    rollout_stuck: (d, parameter) => ({
      title: d.redriven
        ? `Stuck rollout of ${parameter} version ${d.version} was started again`
        : `Stuck rollout of ${parameter} version ${d.version} could not be started again`,
      body:
        `The claim for version ${d.version} has been in state "claimed" since ${d.claimedAt} (${d.minutes} minutes) without a command being sent.` +
        (d.error ? ` Starting it again failed: ${d.error}` : ''),
      advice: d.redriven
        ? 'Watch for the rollout result alert. If the claim gets stuck again, check the dead-letter queue and the log of the onParameterChange function.'
        : `Start the rollout by hand (hf-token rollout --version ${d.version}) and read the check function's log for the error.`,
    }),
    instances_not_current: (d, parameter) => ({
      title: `${d.instances.length} online ${d.instances.length === 1 ? 'instance does' : 'instances do'} not run ${parameter} version ${d.desiredVersion}`,
      body: 'These instances are online, but their inventory does not report the desired version:',
      lines: d.instances.map((instance) => `- ${instance.instanceId}: ${reportedVersion(instance, 'en')}`),
      advice: `The association applies the desired version on its schedule. If an instance stays behind, read its last Run Command output, or run the rollout again: hf-token rollout --version ${d.desiredVersion}.`,
    }),
    instances_offline: (d) => ({
      title: `${d.instances.length} tagged ${d.instances.length === 1 ? 'instance is' : 'instances are'} offline in Systems Manager`,
      body: 'These instances carry the fleet tag, but their SSM agent is not connected. They keep the token they had and get the desired version when they are back:',
      lines: d.instances.map((instance) => `- ${instance.instanceId} (${instance.pingStatus})`),
      advice: 'Start the instances or repair the SSM agent (Fleet Manager shows its state). Remove the fleet tag from instances that are retired.',
    }),
    previous_token_active: (d, parameter) => ({
      title: `Old token ${parameter} version ${d.version} (${d.fingerprint}) still works on the Hub`,
      body: 'The token that the current one replaced is still valid on the Hugging Face Hub. Whoever obtained it can still use the account. This reminder repeats until the Hub rejects the old token.',
      advice: `Revoke it on the Hub (Settings > Access Tokens). The Hub does not show fingerprints: the fingerprint is "sha256:" plus the first 12 hex digits of the SHA-256 of the token value, for example printf %s "$TOKEN" | sha256sum | cut -c1-12.`,
    }),
    token_invalid: (d, parameter) => ({
      title: `Token ${parameter} version ${d.version} is invalid on the Hub`,
      body: `The Hub returned HTTP ${d.httpStatus} from whoami-v2 for the token with fingerprint ${d.fingerprint}: it was revoked, has expired or was stored wrongly. Diarization fails while /health still returns 200.`,
      advice: 'Create a new token on the Hub and store it with "hf-token put"; the service checks it and rolls it out.',
    }),
    gated_access_denied: (d, parameter) => ({
      title: `Token ${parameter} version ${d.version} cannot read the gated model ${d.repo}`,
      body: `The Hub returned HTTP ${d.httpStatus} for ${d.repo}${d.hubMessage ? ` ("${d.hubMessage}")` : ''}. WhisperX diarization needs this model and fails without it.`,
      advice: d.gatedReadDisabled
        ? 'The token is fine-grained and "Read access to contents of all public gated repos you can access" is off: turn it on in the token\'s settings on the Hub, or store a read token.'
        : `Sign in to the Hub with the account that owns the token, open ${d.repoUrl} and accept the model's terms. For a fine-grained token, also turn on "Read access to contents of all public gated repos you can access".`,
    }),
    gated_repo_not_found: (d) => ({
      title: `Gated model ${d.repo} was not found on the Hub`,
      body: `The Hub returned HTTP 404 for ${d.repo}${d.hubMessage ? ` ("${d.hubMessage}")` : ''}: no repository or no config.yaml exists under this name.`,
      advice: 'Check the stack setting HUB_GATED_REPOS for a typo or a renamed model.',
    }),
    hub_unreachable: (d) => ({
      title: 'Hugging Face Hub check skipped',
      body: `The Hub could not be reached (${d.reason}). Token validity and gated access were not checked in this run.`,
      advice: 'Nothing, unless this repeats: the next run checks again.',
    }),
    alert_topic_unconfirmed: (d) => ({
      title: 'The alert topic has no confirmed subscription',
      body: `The SNS topic ${d.topicArn} has ${d.total} ${d.total === 1 ? 'subscription' : 'subscriptions'}, ${d.pending} waiting for confirmation: the alerts of this service reach no one.`,
      advice:
        'Confirm the subscription through the link in the e-mail "AWS Notification - Subscription Confirmation", or subscribe an address (stack parameter alertEmails, or aws sns subscribe --protocol email).',
    }),
    parameter_read_by_unknown_principal: (d, parameter) => ({
      title: `${parameter} was read by a principal outside the allow-list`,
      body:
        `${d.eventName} by ${d.principal} from ${d.sourceIp} at ${d.time}` +
        (d.errorCode ? `, denied by AWS (${d.errorCode})` : '') +
        (d.userAgent ? `, user agent ${d.userAgent}` : '') +
        `. CloudTrail event id ${d.eventId}.`,
      advice: d.errorCode
        ? 'AWS denied the call, so the token was not disclosed. Find out who made the attempt. If the principal is legitimate, add it to ACCESS_ALLOWED_PRINCIPALS.'
        : 'If you do not know this principal, treat the token as compromised: revoke it on the Hub, store a new one (hf-token put), and review the principal\'s permissions. If the access is legitimate, add the principal to ACCESS_ALLOWED_PRINCIPALS.',
    }),
    check_failed: (d) => ({
      title: `Check "${d.check}" could not run`,
      body: d.error,
      advice: 'The other checks ran. Fix the cause (often a missing IAM permission or throttling); the next run checks again.',
    }),
  },
  preflight: (issue) => {
    switch (issue.code) {
      case 'token_malformed':
        return issue.problem === 'empty'
          ? 'The token value is empty. Store the token again.'
          : 'The token value contains a space or a line break. Store it again without them.';
      case 'token_invalid':
        return `The Hub rejects the token (HTTP ${issue.httpStatus}): it was revoked, has expired or was mistyped. Store a valid token.`;
      case 'gated_denied':
        return `The token cannot read the gated model ${issue.repo} (HTTP ${issue.httpStatus}). ${
          issue.gatedReadDisabled
            ? 'Turn on "Read access to contents of all public gated repos you can access" in the fine-grained token\'s settings.'
            : `Accept the model's terms at ${issue.repoUrl} with the account that owns the token; for a fine-grained token also turn on "Read access to contents of all public gated repos you can access".`
        }`;
      case 'gated_not_found':
        return `The Hub has no model ${issue.repo}. Check the stack setting HUB_GATED_REPOS.`;
      case 'hub_unreachable':
        return `The Hub could not be reached (${issue.reason}), so the token was not checked.`;
    }
  },
};

const de: CheckCatalog = {
  severityLabel: { info: 'INFO', warning: 'WARNUNG', error: 'FEHLER', critical: 'KRITISCH' },
  subjectDigest: (count, highest) => `Token-Prüfung: ${count} ${count === 1 ? 'Befund' : 'Befunde'}, höchste Stufe ${de.severityLabel[highest]}`,
  digestIntro: (count, time) => `Die geplante Token-Prüfung um ${time} hat ${count} ${count === 1 ? 'Problem' : 'Probleme'} gefunden.`,
  adviceLabel: 'Was zu tun ist:',
  moreLines: (omitted) => `- ... ${omitted} weitere (die vollständige Liste zeigt "hf-token status")`,
  listCut: (omitted) =>
    `... ${omitted} weitere Befunde nicht aufgeführt (Größenlimit der Nachricht). Das Log der Prüffunktion enthält alle.`,
  findings: {
    token_age: (d, parameter) => ({
      title:
        d.daysLeft > 0
          ? `Token ${parameter} Version ${d.version} ist ${d.ageDays} Tage alt und erreicht in ${d.daysLeft} Tagen das Höchstalter`
          : `Token ${parameter} Version ${d.version} ist ${d.ageDays} Tage alt und hat das Höchstalter von ${d.maxAgeDays} Tagen überschritten`,
      body: `Version ${d.version} wurde am ${d.lastModified} gespeichert. Tokens sind nach ${d.maxAgeDays} Tagen zu ersetzen.`,
      advice:
        'Erstellen Sie im Hugging Face Hub (Settings > Access Tokens) einen neuen Token und speichern Sie ihn mit "hf-token put"; der Dienst prüft ihn und rollt ihn aus. Widerrufen Sie danach den alten Token im Hub.',
    }),
    token_expiry: (d, parameter) => ({
      title: `Token ${parameter} Version ${d.version} läuft am ${d.expiresAt.slice(0, 10)} ab`,
      body: `Laut Hub läuft der Token mit dem Fingerprint ${d.fingerprint} am ${d.expiresAt} ab, in ${d.daysLeft} Tagen. Danach schlägt die Diarisierung mit HTTP 401 fehl, während /health weiter 200 liefert.`,
      advice: 'Erstellen Sie vor diesem Datum einen neuen Token im Hub und speichern Sie ihn mit "hf-token put".',
    }),
    rollout_drift: (d, parameter) => {
      if (d.reason === 'no_desired') {
        return {
          title: `Keine Version von ${parameter} trägt das Label "desired"`,
          body: `Version ${d.latest} ist die neueste, aber keine Version trägt das Label "desired". Die Zuordnung und neue Instanzen wissen daher nicht, welche Version sie anwenden sollen.`,
          advice: `Starten Sie den Rollout der neuesten Version: hf-token rollout --version ${d.latest}.`,
        };
      }
      if (d.reason === 'desired_not_latest') {
        return {
          title: `${parameter}: Version ${d.latest} ist neuer als die Soll-Version ${d.desired}`,
          body: `Die Flotte soll Version ${d.desired} verwenden, es gibt aber Version ${d.latest}. Nach einem Rollback oder einem gescheiterten Canary ist das so gewollt; andernfalls wurde der Rollout von Version ${d.latest} nie gestartet.`,
          advice: `Nach einem gescheiterten Canary oder einem Rollback, der bestehen bleiben soll, speichern Sie einen funktionierenden Token als neue Version. Andernfalls starten Sie den Rollout von Version ${d.latest}: hf-token rollout --version ${d.latest}.`,
        };
      }
      return {
        title: `${parameter}: Soll-Version ${d.desired} ist nicht auf allen Instanzen ausgerollt`,
        body: `Die letzte auf allen erreichbaren Instanzen bestätigte Version ist ${d.deployed ?? 'keine'}. Der Rollout von Version ${d.desired} ist nicht abgeschlossen oder auf einigen Instanzen fehlgeschlagen.`,
        advice: `Ermitteln Sie mit "hf-token status" die abweichenden Instanzen, beheben Sie die Ursache und starten Sie den Rollout erneut: hf-token rollout --version ${d.desired}.`,
      };
    },
    rollout_stuck: (d, parameter) => ({
      title: d.redriven
        ? `Hängender Rollout von ${parameter} Version ${d.version} wurde neu angestoßen`
        : `Hängender Rollout von ${parameter} Version ${d.version} konnte nicht neu angestoßen werden`,
      body:
        `Der Claim für Version ${d.version} steht seit ${d.claimedAt} (${d.minutes} Minuten) im Zustand "claimed", ohne dass ein Befehl gesendet wurde.` +
        (d.error ? ` Der erneute Start ist fehlgeschlagen: ${d.error}` : ''),
      advice: d.redriven
        ? 'Achten Sie auf die Ergebnismeldung des Rollouts. Bleibt der Claim erneut hängen, prüfen Sie die Dead-Letter-Queue und das Log der Funktion onParameterChange.'
        : `Starten Sie den Rollout von Hand (hf-token rollout --version ${d.version}) und entnehmen Sie den Fehler dem Log der Prüffunktion.`,
    }),
    instances_not_current: (d, parameter) => ({
      title: `${d.instances.length} ${d.instances.length === 1 ? 'Online-Instanz verwendet' : 'Online-Instanzen verwenden'} nicht ${parameter} Version ${d.desiredVersion}`,
      body: 'Diese Instanzen sind online, ihr Inventar meldet aber nicht die Soll-Version:',
      lines: d.instances.map((instance) => `- ${instance.instanceId}: ${reportedVersion(instance, 'de')}`),
      advice: `Die Zuordnung wendet die Soll-Version nach ihrem Zeitplan an. Bleibt eine Instanz zurück, lesen Sie die letzte Run-Command-Ausgabe oder starten Sie den Rollout erneut: hf-token rollout --version ${d.desiredVersion}.`,
    }),
    instances_offline: (d) => ({
      title: `${d.instances.length} ${d.instances.length === 1 ? 'markierte Instanz ist' : 'markierte Instanzen sind'} in Systems Manager offline`,
      body: 'Diese Instanzen tragen das Flotten-Tag, ihr SSM-Agent ist aber nicht verbunden. Sie behalten ihren bisherigen Token und erhalten die Soll-Version, sobald sie wieder erreichbar sind:',
      lines: d.instances.map((instance) => `- ${instance.instanceId} (${instance.pingStatus})`),
      advice: 'Starten Sie die Instanzen oder reparieren Sie den SSM-Agent (Zustand in Fleet Manager). Entfernen Sie das Flotten-Tag von ausgemusterten Instanzen.',
    }),
    previous_token_active: (d, parameter) => ({
      title: `Alter Token ${parameter} Version ${d.version} (${d.fingerprint}) ist im Hub noch gültig`,
      body: 'Der durch den aktuellen Token ersetzte Token ist im Hugging Face Hub weiterhin gültig. Wer ihn kennt, kann das Konto weiter nutzen. Diese Erinnerung wiederholt sich, bis der Hub den alten Token ablehnt.',
      advice:
        'Widerrufen Sie ihn im Hub (Settings > Access Tokens). Der Hub zeigt keine Fingerprints an: Der Fingerprint besteht aus "sha256:" und den ersten 12 Hex-Ziffern des SHA-256 des Token-Werts, etwa printf %s "$TOKEN" | sha256sum | cut -c1-12.',
    }),
    token_invalid: (d, parameter) => ({
      title: `Token ${parameter} Version ${d.version} ist im Hub ungültig`,
      body: `Der Hub hat whoami-v2 für den Token mit dem Fingerprint ${d.fingerprint} mit HTTP ${d.httpStatus} beantwortet: Er wurde widerrufen, ist abgelaufen oder wurde falsch gespeichert. Die Diarisierung schlägt fehl, während /health weiter 200 liefert.`,
      advice: 'Erstellen Sie im Hub einen neuen Token und speichern Sie ihn mit "hf-token put"; der Dienst prüft ihn und rollt ihn aus.',
    }),
    gated_access_denied: (d, parameter) => ({
      title: `Token ${parameter} Version ${d.version} hat keinen Zugriff auf das geschützte Modell ${d.repo}`,
      body: `Der Hub hat für ${d.repo} mit HTTP ${d.httpStatus} geantwortet${d.hubMessage ? ` ("${d.hubMessage}")` : ''}. Die Diarisierung in WhisperX braucht dieses Modell und schlägt ohne es fehl.`,
      advice: d.gatedReadDisabled
        ? 'Der Token ist fine-grained und "Read access to contents of all public gated repos you can access" ist ausgeschaltet: Schalten Sie die Option in den Token-Einstellungen im Hub ein oder speichern Sie einen Read-Token.'
        : `Melden Sie sich mit dem Konto, dem der Token gehört, im Hub an, öffnen Sie ${d.repoUrl} und akzeptieren Sie die Nutzungsbedingungen des Modells. Bei einem fine-grained Token schalten Sie zusätzlich "Read access to contents of all public gated repos you can access" ein.`,
    }),
    gated_repo_not_found: (d) => ({
      title: `Geschütztes Modell ${d.repo} im Hub nicht gefunden`,
      body: `Der Hub hat für ${d.repo} mit HTTP 404 geantwortet${d.hubMessage ? ` ("${d.hubMessage}")` : ''}: Unter diesem Namen gibt es kein Repository oder keine config.yaml.`,
      advice: 'Prüfen Sie die Stack-Einstellung HUB_GATED_REPOS auf Tippfehler oder ein umbenanntes Modell.',
    }),
    hub_unreachable: (d) => ({
      title: 'Prüfung im Hugging Face Hub übersprungen',
      body: `Der Hub war nicht erreichbar (${d.reason}). Gültigkeit und Zugriff auf geschützte Modelle wurden in diesem Lauf nicht geprüft.`,
      advice: 'Nichts, solange sich das nicht wiederholt: Der nächste Lauf prüft erneut.',
    }),
    alert_topic_unconfirmed: (d) => ({
      title: 'Das Alarm-Topic hat kein bestätigtes Abonnement',
      body: `Das SNS-Topic ${d.topicArn} hat ${d.total} ${d.total === 1 ? 'Abonnement' : 'Abonnements'}, davon ${d.pending} unbestätigt: Die Alarme dieses Dienstes erreichen niemanden.`,
      advice:
        'Bestätigen Sie das Abonnement über den Link in der E-Mail "AWS Notification - Subscription Confirmation" oder abonnieren Sie eine Adresse (Stack-Parameter alertEmails oder aws sns subscribe --protocol email).',
    }),
    parameter_read_by_unknown_principal: (d, parameter) => ({
      title: `${parameter} wurde von einem Principal außerhalb der Freigabeliste gelesen`,
      body:
        `${d.eventName} durch ${d.principal} von ${d.sourceIp} um ${d.time}` +
        (d.errorCode ? `, von AWS abgelehnt (${d.errorCode})` : '') +
        (d.userAgent ? `, User-Agent ${d.userAgent}` : '') +
        `. CloudTrail-Ereignis-ID ${d.eventId}.`,
      advice: d.errorCode
        ? 'AWS hat den Aufruf abgelehnt, der Token wurde also nicht preisgegeben. Klären Sie, wer den Versuch unternommen hat. Ist der Principal legitim, nehmen Sie ihn in ACCESS_ALLOWED_PRINCIPALS auf.'
        : 'Kennen Sie diesen Principal nicht, behandeln Sie den Token als kompromittiert: Widerrufen Sie ihn im Hub, speichern Sie einen neuen (hf-token put) und prüfen Sie die Berechtigungen des Principals. Ist der Zugriff legitim, nehmen Sie den Principal in ACCESS_ALLOWED_PRINCIPALS auf.',
    }),
    check_failed: (d) => ({
      title: `Prüfung "${d.check}" konnte nicht laufen`,
      body: d.error,
      advice: 'Die übrigen Prüfungen sind gelaufen. Beheben Sie die Ursache (oft eine fehlende IAM-Berechtigung oder Drosselung); der nächste Lauf prüft erneut.',
    }),
  },
  preflight: (issue) => {
    switch (issue.code) {
      case 'token_malformed':
        return issue.problem === 'empty'
          ? 'Der Token-Wert ist leer. Speichern Sie den Token erneut.'
          : 'Der Token-Wert enthält ein Leerzeichen oder einen Zeilenumbruch. Speichern Sie ihn ohne diese erneut.';
      case 'token_invalid':
        return `Der Hub lehnt den Token ab (HTTP ${issue.httpStatus}): Er wurde widerrufen, ist abgelaufen oder wurde falsch eingegeben. Speichern Sie einen gültigen Token.`;
      case 'gated_denied':
        return `Der Token hat keinen Zugriff auf das geschützte Modell ${issue.repo} (HTTP ${issue.httpStatus}). ${
          issue.gatedReadDisabled
            ? 'Schalten Sie in den Einstellungen des fine-grained Tokens "Read access to contents of all public gated repos you can access" ein.'
            : `Akzeptieren Sie die Nutzungsbedingungen unter ${issue.repoUrl} mit dem Konto, dem der Token gehört; bei einem fine-grained Token schalten Sie zusätzlich "Read access to contents of all public gated repos you can access" ein.`
        }`;
      case 'gated_not_found':
        return `Der Hub kennt kein Modell ${issue.repo}. Prüfen Sie die Stack-Einstellung HUB_GATED_REPOS.`;
      case 'hub_unreachable':
        return `Der Hub war nicht erreichbar (${issue.reason}), der Token wurde daher nicht geprüft.`;
    }
  },
};

function reportedVersion(instance: InstanceVersion, language: AlertLanguage): string {
  if (instance.version === null) return language === 'de' ? 'noch keine Meldung' : 'no report yet';
  const status = instance.status ? `, status ${instance.status}` : '';
  return language === 'de' ? `meldet Version ${instance.version}${status.replace('status', 'Status')}` : `reports version ${instance.version}${status}`;
}

export const CHECK_CATALOGS: Record<AlertLanguage, CheckCatalog> = { en, de };
