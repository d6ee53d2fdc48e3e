import type { Messages } from '../messages.js';

const profileHint = (profile: string | undefined): string => (profile ? ` (Profil ${profile})` : '');

const SHAPE_PROBLEMS = {
  prefix: 'er beginnt nicht mit hf_',
  characters: 'er enthält nach hf_ andere Zeichen als Buchstaben und Ziffern',
  length: 'er hat nach hf_ weniger als 30 Buchstaben und Ziffern',
} as const;

/** Entfernt den Schlusspunkt eines Grundes, nach dem die Meldung weitergeht. */
const withoutPeriod = (text: string): string => text.replace(/\.$/, '');

/** Nach einem Doppelpunkt beginnt ein vollständiger Satz groß. */
const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Deutsche Texte der CLI. */
export const de: Messages = {
  errors: {
    prefix: 'Fehler',
    helpHint: (command) => `Die Hilfe zeigt "hf-token ${command ? `${command} ` : ''}--help".`,
    missingCommand: 'Es wurde kein Befehl angegeben.',
    unknownCommand: (name) => `Unbekannter Befehl "${name}". Befehle: put, status, rollout, rollback, abort, check.`,
    unknownOption: (option) => `Unbekannte Option ${option}.`,
    missingOptionValue: (option) => `Die Option ${option} braucht einen Wert.`,
    unexpectedArgument: (argument) => `Unerwartetes Argument "${argument}".`,
    tokenOnCommandLine: (fingerprint) =>
      `Auf der Befehlszeile steht ein Token (Fingerprint ${fingerprint}); dort bleibt er in der Shell-History und in ps sichtbar. ` +
      'Es wurde nichts gespeichert. Übergeben Sie den Token über die Standardeingabe (hf-token put < token.txt) oder mit --from-env-file PFAD. ' +
      'Ist es ein echter Token, widerrufen Sie ihn im Hugging Face Hub und erstellen Sie einen neuen.',
    invalidArguments: (detail) => `Ungültige Befehlszeile: ${detail}`,
    invalidLanguage: (value) => `--lang muss en oder de sein, angegeben wurde "${value}".`,
    invalidRegion: (value) => `"${value}" ist kein AWS-Regionsname. Geben Sie zum Beispiel --region eu-central-1 an.`,
    invalidParameterName: (value) =>
      `"${value}" ist kein gültiger Parameter-Store-Name (Buchstaben, Ziffern, _ . - und / zwischen den Pfadteilen), zum Beispiel /whisperx/hf_token.`,
    invalidStage: (value) =>
      `"${value}" ist kein gültiger Stage-Name: Verwenden Sie 1 bis 32 Buchstaben, Ziffern und Bindestriche, zum Beispiel prod.`,
    invalidTag: (value) =>
      `"${value}" ist kein gültiger Tag-Filter: Verwenden Sie KEY=VALUE oder KEY=VALUE1,VALUE2, zum Beispiel HfTokenConsumer=whisperx.`,
    invalidVersion: (value) => `"${value}" ist keine Parameterversion: Geben Sie eine ganze Zahl ab 1 an, zum Beispiel --version 7.`,
    invalidMinutes: (option, value) => `${option} erwartet ganze Minuten von 1 bis 1440, angegeben wurde "${value}".`,
    invalidEnvKey: (value) =>
      `"${value}" ist kein Variablenname: Verwenden Sie Buchstaben, Ziffern und _, nicht mit einer Ziffer am Anfang (zum Beispiel HF_TOKEN).`,
    conflictingOptions: (first, second) => `${first} und ${second} lassen sich nicht zusammen verwenden.`,
    requiresOption: (option, required) => `${option} wirkt nur zusammen mit ${required}.`,
    noCredentials: (profile) =>
      `Keine AWS-Anmeldedaten gefunden${profileHint(profile)}. Melden Sie sich an (zum Beispiel mit "aws sso login --profile NAME"), oder geben Sie --profile NAME an bzw. setzen Sie AWS_PROFILE auf ein Profil aus ~/.aws/config.`,
    credentialsExpired: (profile) =>
      `Die AWS-Anmeldedaten${profileHint(profile)} sind abgelaufen. Melden Sie sich erneut an (zum Beispiel mit "aws sso login") und wiederholen Sie den Befehl.`,
    credentialsRejected: (profile, code) =>
      `AWS hat die Anmeldedaten${profileHint(profile)} abgelehnt (${code}). Prüfen Sie den Zugriffsschlüssel oder melden Sie sich erneut an, und prüfen Sie, ob das Profil zum richtigen Konto gehört.`,
    accessDenied: (operation, resource, detail) =>
      `Zugriff verweigert: ${operation}${resource ? ` auf ${resource}` : ''}. ${detail} Bitten Sie eine Administratorin oder einen Administrator, Ihrer Rolle diese Aktion zu erlauben (docs/operations.de.md nennt die nötigen Rechte), oder verwenden Sie ein Profil mit diesem Recht (--profile).`,
    parameterNotFound: (parameter, region) =>
      `Der Parameter ${parameter} wurde in ${region} nicht gefunden. Prüfen Sie --parameter und --region, oder speichern Sie den ersten Token mit "hf-token put".`,
    parameterVersionNotFound: (key) =>
      `Die Parameterversion ${key} wurde nicht gefunden. "hf-token status" zeigt die aktuelle Version.`,
    versionNotFound: (parameter, version, latest) =>
      `${parameter} hat keine Version ${version}; die neueste ist ${latest}. Geben Sie mit --version eine vorhandene Version an.`,
    endpointUnreachable: (endpoint, code) =>
      `${endpoint} ist nicht erreichbar (${code}). Prüfen Sie die Netzwerkverbindung, die Region und AWS_ENDPOINT_URL, falls gesetzt.`,
    awsCallFailed: (operation, key, code, detail) => `${operation}${key ? ` ${key}` : ''} ist fehlgeschlagen: ${code}: ${detail}`,
    unexpected: (detail) => `Unerwarteter Fehler: ${detail}`,
  },

  put: {
    hiddenPrompt: 'Fügen Sie den Token ein und drücken Sie die Eingabetaste (die Eingabe wird nicht angezeigt): ',
    stdinEmpty:
      'Auf der Standardeingabe liegt kein Token. Leiten Sie ihn per Pipe weiter (zum Beispiel aus einem Passwortmanager) oder geben Sie --from-env-file PFAD an.',
    stdinManyLines: (lines) => `Die Standardeingabe hat ${lines} Zeilen; sie darf nur den Token in einer Zeile enthalten.`,
    stdinTooLarge: (maxBytes) => `Die Standardeingabe ist größer als ${maxBytes} Byte; sie darf nur den Token enthalten.`,
    inputCancelled: 'Abgebrochen; es wurde nichts gespeichert.',
    envFileNotFound: (path) => `${path} existiert nicht. Geben Sie den Pfad der .env-Datei des Compose-Projekts an.`,
    envFileNotAFile: (path) => `${path} ist keine reguläre Datei. Geben Sie den Pfad der .env-Datei des Compose-Projekts an.`,
    envFileTooLarge: (path, maxBytes) =>
      `${path} ist größer als ${maxBytes} Byte und wird nicht gelesen; eine .env-Datei für Compose ist viel kleiner.`,
    envFileUnreadable: (path, code) => `${path} kann nicht gelesen werden (${code}). Prüfen Sie die Dateirechte.`,
    envFileSyntax: (path, line) =>
      `Zeile ${line} in ${path} ist keine gültige .env-Syntax für Docker Compose (prüfen Sie Anführungszeichen und Variablennamen). Die Zeile wird nicht angezeigt, weil sie den Token enthalten kann.`,
    envFileExpansion: (path) =>
      `${path} enthält einen \${...}-Ausdruck, den Docker Compose nicht auflösen kann. Setzen Sie den Wert in einfache Anführungszeichen, wenn er ein wörtliches $ enthält.`,
    envFileMissingKey: (path, key) =>
      `${path} enthält keine Zeile ${key}. Ergänzen Sie ${key}=hf_... oder geben Sie mit --env-key die Variable an, die den Token enthält.`,
    envFileEmptyKey: (path, key) => `${key} in ${path} ist leer.`,
    shapeInvalid: (problems, length) =>
      `Der Wert ist kein Hugging-Face-Token: ${capitalize(problems.map((problem) => SHAPE_PROBLEMS[problem]).join(', und '))} (${length} Zeichen gelesen). Es wurde nichts gespeichert. Kopieren Sie den Token erneut von huggingface.co/settings/tokens.`,
    stored: (parameter, version, fingerprint) => `${parameter} Version ${version} gespeichert (Fingerprint ${fingerprint}).`,
    kmsKey: (keyId) => `KMS-Schlüssel: ${keyId ?? 'alias/aws/ssm (der von AWS verwaltete Schlüssel)'}`,
    rolloutStartsByItself:
      'Der Dienst rollt diese Version selbstständig auf die Flotte aus. Den Fortschritt zeigt "hf-token status"; beim nächsten Mal können Sie --wait angeben.',
    hubCheckSkipped: 'Hub-Prüfung übersprungen: HUB_BASE_URL ist nicht gesetzt (zum Beispiel HUB_BASE_URL=https://huggingface.co).',
    hubSettingInvalid: (detail) => `Ungültige Hub-Einstellung: ${detail}`,
    hubCheckPassed: (hubUrl, repos) => `Hub-Prüfung bestanden: ${hubUrl} akzeptiert den Token, und er kann ${repos.join(', ')} lesen.`,
    hubCheckUnavailable: (hubUrl, details) =>
      `Hub-Prüfung nicht möglich, ${hubUrl} hat nicht geantwortet: ${details.join(' ')} Der Token wird ohne Prüfung gespeichert.`,
    hubCheckFailed: (hubUrl, details) =>
      `Die Hub-Prüfung bei ${hubUrl} hat den Token abgelehnt; es wurde nichts gespeichert. ${details.join(' ')}`,
  },

  follow: {
    waiting: (version, intervalSeconds) =>
      `Der Rollout von Version ${version} wird verfolgt (Abfrage alle ${intervalSeconds} s) ...`,
    command: (commandId, tokenVersion, rollback, targetCount) =>
      `Run Command ${commandId}: Version ${tokenVersion}${rollback ? ' (Rollback)' : ''}, ${targetCount} ${targetCount === 1 ? 'Zielinstanz' : 'Zielinstanzen'}`,
    state: (state) => `Rollout: ${state}`,
    stateLabel: {
      claimed: 'reserviert, Befehl noch nicht gesendet',
      canary_running: 'Canary läuft',
      fleet_running: 'Flotte läuft',
      completed: 'abgeschlossen',
      failed: 'fehlgeschlagen',
      superseded: 'durch eine neuere Version ersetzt',
      aborted: 'abgebrochen',
      blocked: 'blockiert',
    },
    progress: (done, total, failed) =>
      `Instanzen fertig: ${done}/${total}${failed > 0 ? `, davon ${failed} fehlgeschlagen` : ''}`,
    instanceFailed: (instanceId, result, step, message) =>
      `  ${instanceId}: ${result}${step ? ` im Schritt ${step}` : ''}${message ? `: ${message}` : ''}`,
    succeeded: (version, total) => `Rollout von Version ${version} erfolgreich: Alle ${total} Instanzen verwenden sie.`,
    failed: (version, failed, total, reason) =>
      `Rollout von Version ${version} fehlgeschlagen: ${failed} von ${total} Instanzen verwenden sie nicht${reason ? ` (${withoutPeriod(reason)})` : ''}. "hf-token status" zeigt jede Instanz; die Alarm-E-Mail nennt die nächsten Schritte.`,
    stopped: (version, state, reason) =>
      `Der Rollout von Version ${version} wurde vor dem Ende angehalten: ${state}${reason ? `: ${withoutPeriod(reason)}` : ''}. "hf-token status" zeigt, welche Version die Instanzen verwenden.`,
    cause: (cause) => {
      switch (cause.kind) {
        case 'canary_failed':
          return 'der Canary ist fehlgeschlagen';
        case 'instances_failed':
          return `auf ${cause.failed} von ${cause.total} Instanzen fehlgeschlagen oder zurückgerollt`;
        case 'superseded':
          return cause.byVersion === null ? 'keine Version ist mehr als desired markiert' : `Version ${cause.byVersion} hat ihn ersetzt`;
        case 'aborted_by_operator':
          return 'von einem Operator abgebrochen (hf-token abort)';
      }
    },
    noTargets: (tag) => `Der Rollout hat keine Instanz erreicht: Keine verwaltete Instanz trägt das Tag ${tag}.`,
    notStarted: (seconds) =>
      `Innerhalb von ${seconds} s hat kein Rollout begonnen. Prüfen Sie, ob der Stack für diese Stage und Region bereitgestellt ist (--stage, --region), und lesen Sie die Logs der Funktion onParameterChange.`,
    timedOut: (minutes) =>
      `Der Rollout läuft nach ${minutes} Minuten noch; das Warten wurde beendet. Den weiteren Verlauf zeigt "hf-token status".`,
  },

  status: {
    heading: (parameter, region, stage) => `Token ${parameter} (Region ${region}, Stage ${stage})`,
    currentVersionLabel: 'aktuelle Version:',
    currentVersion: (version, time, age) => `${version}, gespeichert ${time} (${age})`,
    labelName: { desired: 'desired:', deployed: 'deployed:', previous: 'previous:' },
    labelNotSet: 'nicht gesetzt',
    rollout: (version, state, updatedAt) => `Rollout von Version ${version}: ${state} (aktualisiert ${updatedAt})`,
    instancesHeading: (tag, count) => `Instanzen mit dem Tag ${tag}: ${count}`,
    columns: { instance: 'INSTANZ', agent: 'AGENT', version: 'VERSION', result: 'LETZTER LAUF', time: 'ZEIT', source: 'QUELLE' },
    source: { inventory: 'Inventar', command: 'Befehl' },
    result: {
      applied: 'aktualisiert',
      unchanged: 'bereits aktuell',
      rolled_back: 'zurückgerollt',
      failed: 'fehlgeschlagen',
      not_reached: 'nicht erreicht',
      pending: 'läuft',
      unknown: 'kein Eintrag',
    },
    noInstances: (tag) =>
      `Keine verwaltete Instanz trägt das Tag ${tag}. Versehen Sie die GPU-Instanzen mit dem Tag und prüfen Sie, ob ihr SSM-Agent online ist (Fleet Manager).`,
    inventoryMissing:
      'Noch keine Instanz hat ihr Inventar (Custom:HfTokenRotation) gemeldet; die Zeilen stammen daher aus den neuesten Refresh-Befehlen.',
    allCurrent: (count, version) => `Alle ${count} Instanzen verwenden Version ${version}.`,
    behind: (count, total, version) =>
      `${count} von ${total} Instanzen verwenden nicht Version ${version}. Starten Sie den Rollout erneut mit "hf-token rollout --version ${version}", sobald sie online sind.`,
    age: (milliseconds) => {
      const minutes = Math.floor(milliseconds / 60_000);
      if (minutes < 1) return 'gerade eben';
      if (minutes < 60) return `vor ${minutes} ${minutes === 1 ? 'Minute' : 'Minuten'}`;
      const hours = Math.floor(minutes / 60);
      if (hours < 48) return `vor ${hours} ${hours === 1 ? 'Stunde' : 'Stunden'}`;
      return `vor ${Math.floor(hours / 24)} Tagen`;
    },
  },

  rollout: {
    dryRunHeading: (version, tag, count) =>
      `Ein Rollout von Version ${version} würde ${count} Instanzen mit dem Tag ${tag} erreichen:`,
    dryRunNoInstances: (tag) => `Ein Rollout würde keine Instanz erreichen: Keine verwaltete Instanz trägt das Tag ${tag}.`,
    dryRunOffline: (count) =>
      `${count} davon sind nicht online; sie erhalten die Version über die State-Manager-Zuordnung, sobald ihr Agent wieder verbunden ist.`,
    started: (version, wave, commandId) =>
      wave === 'canary'
        ? `Rollout von Version ${version} mit der Canary-Welle gestartet (Run Command ${commandId}); die Flotte folgt, wenn der Canary erfolgreich ist.`
        : `Rollout von Version ${version} auf der gesamten Flotte gestartet (Run Command ${commandId}).`,
    alreadyRunning: (version, state) => `Ein Rollout von Version ${version} läuft bereits (${state}); es wurde nichts Neues gestartet.`,
    supersededByDesired: (version, desiredVersion) =>
      `Version ${version} wurde nicht ausgerollt: Gewünscht ist die neuere Version ${desiredVersion}. Um zu ${version} zurückzukehren, führen Sie "hf-token rollback --version ${version}" aus.`,
    blocked: (version, reason) => `Der Rollout von Version ${version} wurde blockiert: ${reason}`,
    notStarted: (version, reason) => `Der Rollout von Version ${version} hat nicht begonnen: ${reason}`,
    rollbackRequested: (from, to) => `Rollback${from === null ? '' : ` von Version ${from}`} auf Version ${to}.`,
    noRollbackTarget:
      'Es gibt keine Version für einen Rollback: weder ein Label "previous" noch eine Version "deployed", die von "desired" abweicht. Geben Sie die Version mit --version N an.',
    rollbackTargetIsCurrent: (version) => `Version ${version} ist bereits die gewünschte Version (desired); ein Rollback ist nicht nötig.`,
    followHint: 'Den Fortschritt zeigt "hf-token status"; alternativ können Sie --wait angeben.',
    aborted: (commandIds) =>
      `${commandIds.length} laufende Refresh-Befehle abgebrochen: ${commandIds.join(', ')}.`,
    desiredAfterAbort: (version, after) => {
      switch (after.kind) {
        case 'restored':
          return `Das Label desired zeigt wieder auf Version ${after.version}: Die State-Manager-Zuordnung bringt Instanzen, die Version ${version} schon übernommen haben, bei ihrem nächsten Lauf zurück ("hf-token rollback" tut das sofort).`;
        case 'newer':
          return `Es gibt eine neuere Version als ${version}; über das Label desired entscheidet deren Rollout.`;
        case 'kept':
          return `Es gibt keine frühere Version für das Label desired. Es bleibt daher auf Version ${version}, und die Zuordnung spielt sie beim nächsten Lauf ein. Speichern Sie jetzt einen funktionierenden Token.`;
      }
    },
    claimsAborted: (versions) =>
      `Der Rollout von Version ${versions.join(', ')} ist als abgebrochen markiert; es startet keine weitere Welle.`,
    nothingToAbort: (parameter) => `Für ${parameter} wartet oder läuft kein Refresh-Befehl; es wurde nichts abgebrochen.`,
  },

  check: {
    running: (functionName) => `Die regelmäßigen Prüfungen laufen einmal (Lambda-Funktion ${functionName}) ...`,
    notDeployed: (functionName, region) =>
      `Die Prüffunktion ${functionName} existiert in ${region} nicht. Prüfen Sie --stage und --region, oder stellen Sie den Stack bereit (npx sls deploy --stage STAGE --region ${region}).`,
    functionFailed: (functionName, detail) =>
      `Die Prüffunktion ${functionName} ist fehlgeschlagen: ${detail}. Details stehen in ihren CloudWatch-Logs (/aws/lambda/${functionName}).`,
    unreadableResult: (functionName) =>
      `Die Prüffunktion ${functionName} hat kein lesbares Ergebnis geliefert. Prüfen Sie, ob der bereitgestellte Stack zu dieser CLI-Version passt.`,
    noFindings: 'Keine Befunde: Token-Alter, Rollout, Flotte, Hub-Zugriff und Alarm-Topic sind in Ordnung.',
    summary: (findings, sent, suppressed, escalated) =>
      `${findings} ${findings === 1 ? 'Befund' : 'Befunde'}: ${sent} im Alarm gesendet, ${suppressed} kürzlich bereits gesendet, ${escalated} eskaliert.`,
    finding: (severity, id, sent) => `[${severity}] ${id}${sent ? ' (Alarm gesendet)' : ''}`,
  },

  help: {
    title: 'hf-token: Hugging-Face-Token der WhisperX-Flotte rotieren (SSM Parameter Store und Run Command)',
    usage: 'Aufruf',
    generalUsage: 'hf-token BEFEHL [--help] [Optionen]',
    commandsHeading: 'Befehle',
    optionsHeading: 'Optionen',
    globalOptionsHeading: 'Optionen aller Befehle',
    exitCodesHeading: 'Exit-Codes',
    examplesHeading: 'Beispiele',
    moreHelp: 'Die Optionen eines Befehls zeigt "hf-token BEFEHL --help".',
    globalOptions: {
      region: 'AWS-Region (Standard: AWS_REGION, sonst AWS_DEFAULT_REGION, sonst eu-central-1)',
      profile: 'AWS-Profil aus ~/.aws/config (Standard: AWS_PROFILE)',
      parameter: 'Parameter-Store-Name des Tokens (Standard: /whisperx/hf_token)',
      stage: 'Stage, mit der der Stack bereitgestellt wurde (Standard: prod)',
      tag: 'EC2-Tag, das die Flotte auswählt, KEY=VALUE[,VALUE] (Standard: HfTokenConsumer=whisperx)',
      lang: 'Sprache der Ausgabe, en oder de (Standard: Deutsch, wenn LC_ALL, LC_MESSAGES oder LANG mit de beginnt)',
      'no-color': 'Ausgabe ohne Farben (ebenso, wenn NO_COLOR gesetzt ist oder stdout kein Terminal ist)',
      help: 'diese Hilfe anzeigen',
    },
    placeholders: {
      region: 'REGION',
      profile: 'PROFIL',
      parameter: 'NAME',
      stage: 'STAGE',
      tag: 'KEY=VALUE',
      lang: 'en|de',
      'from-env-file': 'PFAD',
      'env-key': 'NAME',
      'kms-key-id': 'SCHLÜSSEL',
      version: 'N',
      timeout: 'MINUTEN',
    },
    exitCodes: {
      ok: 'Erfolg',
      failure: 'Fehler (Rollout fehlgeschlagen, ungültige Eingabe, AWS-Aufruf fehlgeschlagen)',
      usage: 'fehlerhafte Befehlszeile',
      degraded: 'eingeschränkt: Instanzen verwenden nicht die gewünschte Version, oder keine Instanz wird erreicht',
      awsAccess: 'AWS-Anmeldedaten fehlen, sind abgelaufen oder wurden abgelehnt, oder der Zugriff wurde verweigert',
    },
    commands: {
      put: {
        usage: 'hf-token put [--from-env-file PFAD] [--kms-key-id SCHLÜSSEL] [--hub-check] [--wait] [Optionen]',
        summary: 'Eine neue Token-Version als SecureString speichern; der Dienst rollt sie anschließend aus.',
        details: [
          'Der Token wird von der Standardeingabe gelesen (verborgen, wenn Sie ihn in ein Terminal eingeben oder einfügen) oder aus einer .env-Datei, nie aus der Befehlszeile. Er muss wie ein Hugging-Face-Token aussehen: hf_ und danach mindestens 30 Buchstaben und Ziffern.',
          'Die Ausgabe nennt die neue Version und ihren Fingerprint (sha256: und 12 Hexadezimalziffern), nie den Token.',
        ],
        options: {
          'from-env-file': 'den Token aus dieser .env-Datei lesen, so wie Docker Compose sie liest',
          'env-key': 'Variable der .env-Datei, die den Token enthält (Standard: HF_TOKEN)',
          'kms-key-id': 'KMS-Schlüssel für den SecureString (Standard: der aktuelle Schlüssel des Parameters, sonst alias/aws/ssm)',
          'hub-check': 'den Token vor dem Speichern im Hugging Face Hub unter HUB_BASE_URL prüfen (übersprungen, wenn HUB_BASE_URL nicht gesetzt ist)',
          wait: 'den Rollout der neuen Version verfolgen und mit 1 beenden, wenn er fehlschlägt',
          timeout: 'mit --wait: das Warten nach so vielen Minuten beenden (Standard: 60)',
        },
        examples: ['hf-token put --from-env-file .env --wait', 'pass show hf/token | hf-token put'],
      },
      status: {
        usage: 'hf-token status [--json] [Optionen]',
        summary: 'Token-Versionen, Labels und den Stand jeder Instanz anzeigen.',
        details: [
          'Jede Instanzzeile stammt aus ihrem Inventareintrag (Custom:HfTokenRotation) oder, solange es keinen gibt, aus den neuesten Refresh-Befehlen. Exit-Code 3 bedeutet, dass Instanzen nicht die gewünschte Version verwenden.',
        ],
        options: { json: 'den Status als JSON ausgeben' },
        examples: ['hf-token status', 'hf-token status --json --region eu-central-1'],
      },
      rollout: {
        usage: 'hf-token rollout [--version N] [--dry-run] [--wait] [Optionen]',
        summary: 'Eine gespeicherte Version erneut auf die Flotte ausrollen (Standard: die gewünschte Version).',
        details: ['Setzt das Label "desired" auf die Version und sendet den Refresh-Befehl an jede Instanz mit dem Tag.'],
        options: {
          version: 'auszurollende Version (Standard: die gewünschte Version, sonst die aktuelle)',
          'dry-run': 'nur die Instanzen auflisten, die der Rollout erreichen würde, mit ihrer aktuellen Version',
          json: 'mit --dry-run: die Instanzen als JSON ausgeben',
          wait: 'den Rollout bis zum Ende verfolgen und mit 1 beenden, wenn er fehlschlägt',
          timeout: 'mit --wait: das Warten nach so vielen Minuten beenden (Standard: 60)',
        },
        examples: ['hf-token rollout --dry-run', 'hf-token rollout --version 7 --wait'],
      },
      rollback: {
        usage: 'hf-token rollback [--version N] [--wait] [Optionen]',
        summary: 'Die Flotte auf die zuletzt bereitgestellte oder die vorherige Version zurücksetzen.',
        details: [
          'Setzt das Label "desired" zurück und rollt diese Version mit rollback=true aus; damit dürfen Instanzen auf eine ältere Version wechseln. Ohne --version ist das Ziel die Version "deployed", wenn eine neuere gewünscht ist, sonst die Version "previous".',
        ],
        options: {
          version: 'Version, auf die zurückgesetzt wird',
          wait: 'den Rollback bis zum Ende verfolgen und mit 1 beenden, wenn er fehlschlägt',
          timeout: 'mit --wait: das Warten nach so vielen Minuten beenden (Standard: 60)',
        },
        examples: ['hf-token rollback --wait'],
      },
      abort: {
        usage: 'hf-token abort [--version N] [Optionen]',
        summary: 'Wartende und laufende Refresh-Befehle des Tokens abbrechen.',
        details: [
          'Instanzen, die bereits fertig sind, behalten die übernommene Version; mit "hf-token rollback" setzen Sie sie zurück.',
        ],
        options: { version: 'nur die Befehle für diese Version abbrechen' },
        examples: ['hf-token abort'],
      },
      check: {
        usage: 'hf-token check [--json] [Optionen]',
        summary: 'Die regelmäßigen Prüfungen einmal ausführen und ihre Befunde auflisten.',
        details: [
          'Ruft die bereitgestellte Prüffunktion auf (hf-token-rotation-STAGE-checkStaleness); die Prüfungen verwenden damit die Einstellungen des Stacks und senden ihren Alarm wie beim planmäßigen Lauf. Exit-Code 3 bedeutet einen Befund mit Schweregrad warning oder höher.',
        ],
        options: { json: 'das Ergebnis als JSON ausgeben' },
        examples: ['hf-token check', 'hf-token check --stage prod --json'],
      },
    },
  },
};
