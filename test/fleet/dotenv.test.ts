// The fleet's .env reader against compose v2's reading rules (compose-dotenv-cases.json lists
// input/expected pairs taken from compose-go's dotenv tests), plus the errors compose raises.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DotenvError, expandVariables, parseDotenv, TemplateError } from '../../local/fleet/dotenv.mjs';

interface DotenvCase {
  input: string;
  expect: Record<string, string>;
  note?: string;
}

const { cases } = JSON.parse(fs.readFileSync(new URL('./compose-dotenv-cases.json', import.meta.url), 'utf8')) as {
  cases: DotenvCase[];
};

describe('parseDotenv compose cases', () => {
  it.each(cases.map((testCase) => [JSON.stringify(testCase.input), testCase] as const))('%s', (_label, testCase) => {
    expect(parseDotenv(testCase.input)).toEqual(testCase.expect);
  });
});

describe('parseDotenv', () => {
  it('lookup wins over earlier values', () => {
    const values = parseDotenv('FOO=file\nBAR=$FOO', (name) => (name === 'FOO' ? 'environment' : undefined));

    expect(values).toEqual({ FOO: 'file', BAR: 'environment' });
  });

  it('bare name inherits from lookup', () => {
    expect(parseDotenv('FOO\nBAR=1\n', (name) => (name === 'FOO' ? 'x' : undefined))).toEqual({ FOO: 'x', BAR: '1' });
  });

  it('bare name without lookup is skipped', () => {
    expect(parseDotenv('FOO\nBAR=1\n')).toEqual({ BAR: '1' });
  });

  it('double-quoted escape sequences', () => {
    expect(parseDotenv('A="t\\tn\\nb\\\\q\\"d\\$x o\\0101"')).toEqual({ A: 't\tn\nb\\q"d$x oA' });
  });

  it('single quotes keep backslashes', () => {
    expect(parseDotenv("A='a\\\\b\\c'")).toEqual({ A: 'a\\\\b\\c' });
  });

  it('unterminated quote raises', () => {
    expect(() => parseDotenv('A=1\nB="open\n')).toThrow(DotenvError);
    expect(() => parseDotenv('A=1\nB="open\n')).toThrow('line 2: unterminated quoted value "open');
  });

  it('key with a space raises', () => {
    expect(() => parseDotenv('MY KEY=1')).toThrow('key cannot contain a space');
  });

  it('invalid key character raises', () => {
    expect(() => parseDotenv('A*B=1')).toThrow('unexpected character "*"');
  });
});

describe('expandVariables', () => {
  const mapping = (name: string): string | undefined => ({ SET: 'value', EMPTY: '' })[name];

  it.each([
    ['$SET', 'value'],
    ['${SET}x', 'valuex'],
    ['$$SET', '$SET'],
    ['${UNSET:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${EMPTY-fallback}', ''],
    ['${SET:+alternative}', 'alternative'],
    ['${EMPTY:+alternative}', ''],
    ['${EMPTY+alternative}', 'alternative'],
    ['${UNSET:-${SET}}', 'value'],
    ['cost $5 and $', 'cost $5 and $'],
  ])('%s expands to %s', (template, expected) => {
    expect(expandVariables(template, mapping)).toBe(expected);
  });

  it('required variable raises', () => {
    expect(() => expandVariables('${UNSET:?set it first}', mapping)).toThrow('required variable UNSET is missing a value: set it first');
    expect(() => expandVariables('${EMPTY?x}', mapping)).not.toThrow();
  });

  it('unclosed brace raises', () => {
    expect(() => expandVariables('${SET', mapping)).toThrow(TemplateError);
  });
});
