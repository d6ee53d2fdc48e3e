import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/hf-token.js';
import { GLOBAL_OPTIONS } from '../../cli/help.js';
import { COMMAND_NAMES, detectLanguage, MESSAGES } from '../../cli/messages.js';

/** Collects every leaf of a catalog as `path -> value`, functions and strings alike. */
function leaves(value: unknown, path = ''): Map<string, unknown> {
  const result = new Map<string, unknown>();
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      for (const [childPath, leaf] of leaves(child, path ? `${path}.${key}` : key)) result.set(childPath, leaf);
    }
  } else {
    result.set(path, value);
  }
  return result;
}

describe('CLI message catalog', () => {
  const english = leaves(MESSAGES.en);
  const german = leaves(MESSAGES.de);

  it('has no message in English only', () => {
    const missing = [...english.keys()].filter((key) => !german.has(key));
    expect(missing).toEqual([]);
  });

  it('has no message in German only', () => {
    const missing = [...german.keys()].filter((key) => !english.has(key));
    expect(missing).toEqual([]);
  });

  it('gives each message the same kind in both languages', () => {
    const different = [...english.keys()].filter((key) => typeof english.get(key) !== typeof german.get(key) || Array.isArray(english.get(key)) !== Array.isArray(german.get(key)));
    expect(different).toEqual([]);
  });

  it('takes the same arguments in both languages', () => {
    const different = [...english.entries()]
      .filter(([, value]) => typeof value === 'function')
      .filter(([key, value]) => (value as (...args: unknown[]) => unknown).length !== (german.get(key) as (...args: unknown[]) => unknown).length)
      .map(([key]) => key);
    expect(different).toEqual([]);
  });

  it('has no empty text', () => {
    const empty = [...english.entries(), ...german.entries()].filter(([, value]) => value === '' || (Array.isArray(value) && value.length === 0));
    expect(empty.map(([key]) => key)).toEqual([]);
  });

  it('translates sentences into German', () => {
    const sentences = [...english.entries()].filter(([, value]) => typeof value === 'string' && value.split(' ').length > 3);
    const untranslated = sentences.filter(([key, value]) => german.get(key) === value).map(([key]) => key);
    expect(untranslated).toEqual([]);
  });

  it('documents every option of every command in both languages', () => {
    for (const language of ['en', 'de'] as const) {
      for (const command of COMMANDS) {
        const documented = Object.keys(MESSAGES[language].help.commands[command.name].options).sort();
        expect(documented, `${language} ${command.name}`).toEqual(Object.keys(command.options).sort());
      }
    }
  });

  it('documents every global option in both languages', () => {
    for (const language of ['en', 'de'] as const) {
      expect(Object.keys(MESSAGES[language].help.globalOptions).sort()).toEqual(Object.keys(GLOBAL_OPTIONS).sort());
    }
  });

  it('lists the same commands as the entry point', () => {
    expect(COMMANDS.map((command) => command.name)).toEqual([...COMMAND_NAMES]);
  });
});

describe('stop causes', () => {
  it('are worded in German', () => {
    expect(MESSAGES.de.follow.cause({ kind: 'instances_failed', failed: 2, total: 5 })).toBe(
      'auf 2 von 5 Instanzen fehlgeschlagen oder zurückgerollt',
    );
  });

  it('name the replacing version', () => {
    expect(MESSAGES.en.follow.cause({ kind: 'superseded', byVersion: 8 })).toBe('version 8 replaced it');
  });
});

describe('detectLanguage', () => {
  it('prefers --lang over the locale', () => {
    expect(detectLanguage('en', { LANG: 'de_DE.UTF-8' })).toBe('en');
  });

  it('picks German for a de_ LANG', () => {
    expect(detectLanguage(undefined, { LANG: 'de_DE.UTF-8' })).toBe('de');
  });

  it('lets LC_ALL win over LANG', () => {
    expect(detectLanguage(undefined, { LC_ALL: 'de_AT', LANG: 'en_US.UTF-8' })).toBe('de');
  });

  it('falls back to English', () => {
    expect(detectLanguage(undefined, { LANG: 'fr_FR.UTF-8' })).toBe('en');
  });

  it('rejects an unknown --lang', () => {
    expect(detectLanguage('fr', {})).toBeNull();
  });
});
