// Reads a compose project's .env file the way docker compose v2 does, following the dotenv and
// template packages of github.com/compose-spec/compose-go v2. A UTF-8 byte-order mark is skipped
// and an `export` prefix is allowed. Single-quoted values are literal. Double-quoted values know
// escape sequences and `$` expansion. Unquoted values are trimmed, lose an inline ` #` comment and
// are expanded. The last assignment of a key wins. Plain JavaScript, so that the stand-in CLIs
// start fast under bare node.

const UTF8_BOM = '\uFEFF';

/** Error for input that compose v2 rejects; the message names the line like compose does. */
export class DotenvError extends Error {
  /**
   * @param {number} line 1-based line number
   * @param {string} message
   */
  constructor(line, message) {
    super(`line ${line}: ${message}`);
    this.name = 'DotenvError';
    this.line = line;
  }
}

/** Error for a `${...}` expression that compose v2 cannot expand. */
export class TemplateError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** Whitespace within a line (compose-go's isSpace): no line feed. */
function isInlineSpace(char) {
  return (
    char === ' ' || char === '\t' || char === '\v' || char === '\f' || char === '\r' || char === '\u0085' || char === '\u00A0'
  );
}

/** Whitespace as Go's unicode.IsSpace defines it, line feeds included. */
function isAnySpace(char) {
  return isInlineSpace(char) || char === '\n' || /[\p{Zs}\u2028\u2029]/u.test(char);
}

function isKeyChar(char) {
  return '_.-[]'.includes(char) || /[\p{L}\p{N}]/u.test(char);
}

function trimEndAnySpace(text) {
  let end = text.length;
  while (end > 0 && isAnySpace(text[end - 1])) end--;
  return text.slice(0, end);
}

function trimStartInlineSpace(text) {
  let start = 0;
  while (start < text.length && isInlineSpace(text[start])) start++;
  return text.slice(start);
}

function countLineFeeds(text) {
  let count = 0;
  for (const char of text) if (char === '\n') count++;
  return count;
}

/**
 * Parses the text of a .env file.
 *
 * @param {string} text file content
 * @param {(name: string) => string | undefined} [lookup] environment consulted before the file's
 *   own earlier values during `$` expansion (compose passes its process environment)
 * @returns {Record<string, string>} the variables, in file order
 * @throws {DotenvError | TemplateError} for input that compose v2 rejects
 */
export function parseDotenv(text, lookup = () => undefined) {
  /** @type {Record<string, string>} */
  const values = {};
  let rest = text.startsWith(UTF8_BOM) ? text.slice(UTF8_BOM.length) : text;
  const consumedLines = () => countLineFeeds(text.slice(0, text.length - rest.length)) + 1;

  for (;;) {
    rest = skipBlankAndCommentLines(rest);
    if (rest === '') break;

    const line = consumedLines();
    const statement = readKey(rest, line);
    rest = statement.rest;
    if (statement.inherited) {
      // A bare name on its own line takes the value from the environment, if it is set there.
      const inheritedValue = lookup(statement.key);
      if (inheritedValue !== undefined) values[statement.key] = inheritedValue;
      continue;
    }

    const mapping = (name) => lookup(name) ?? values[name];
    const read = readValue(rest, line, mapping);
    values[statement.key] = read.value;
    rest = read.rest;
  }
  return values;
}

function skipBlankAndCommentLines(text) {
  let rest = text;
  for (;;) {
    let start = 0;
    while (start < rest.length && isAnySpace(rest[start])) start++;
    rest = rest.slice(start);
    if (!rest.startsWith('#')) return rest;
    const lineFeed = rest.indexOf('\n');
    if (lineFeed === -1) return '';
    rest = rest.slice(lineFeed);
  }
}

function readKey(text, line) {
  let rest = text;
  // Go's \s (RE2) is [\t\n\f\r ]; after `export` only spaces within the line are skipped.
  if (/^export[\t\n\f\r ]/.test(rest)) rest = trimStartInlineSpace(rest.slice('export'.length));

  for (let i = 0; i < rest.length; i++) {
    const char = rest[i];
    if (isInlineSpace(char)) continue;
    if (char === '=' || char === ':' || char === '\n') {
      const key = trimEndAnySpace(rest.slice(0, i));
      if (key.includes(' ')) throw new DotenvError(line, 'key cannot contain a space');
      return { key, inherited: char === '\n', rest: trimStartInlineSpace(rest.slice(i + 1)) };
    }
    if (!isKeyChar(char)) {
      throw new DotenvError(line, `unexpected character ${JSON.stringify(char)} in variable name ${JSON.stringify(rest.split('\n')[0])}`);
    }
  }
  // NOTE: compose-go stores a last line without `=` and without a line feed under an empty key;
  // this reader treats it like a bare name on its own line.
  const key = trimEndAnySpace(rest);
  if (key.includes(' ')) throw new DotenvError(line, 'key cannot contain a space');
  return { key, inherited: true, rest: '' };
}

function readValue(text, line, mapping) {
  const quote = text[0];
  if (quote !== '"' && quote !== "'") {
    const lineFeed = text.indexOf('\n');
    let value = lineFeed === -1 ? text : text.slice(0, lineFeed);
    const rest = lineFeed === -1 ? '' : text.slice(lineFeed + 1);
    const comment = value.indexOf(' #');
    if (comment !== -1) value = value.slice(0, comment);
    return { value: expandVariables(trimEndAnySpace(value), mapping), rest };
  }

  // Inside quotes a backslash escapes the next character. An escaped quote loses its backslash
  // here; every other escape keeps it for the escape-sequence pass of double-quoted values.
  let chars = '';
  let escaped = false;
  for (let i = 1; i < text.length; i++) {
    const char = text[i];
    if (char !== quote) {
      if (!escaped && char === '\\') {
        escaped = true;
        continue;
      }
      if (escaped) {
        escaped = false;
        chars += '\\';
      }
      chars += char;
      continue;
    }
    if (escaped) {
      escaped = false;
      chars += char;
      continue;
    }
    const value = quote === '"' ? expandVariables(expandEscapes(chars), mapping) : chars;
    return { value, rest: text.slice(i + 1) };
  }
  const lineFeed = text.indexOf('\n');
  throw new DotenvError(line, `unterminated quoted value ${lineFeed === -1 ? text : text.slice(0, lineFeed)}`);
}

const SIMPLE_ESCAPES = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\' };

/** Replaces the escape sequences that compose v2 knows in double-quoted values. */
function expandEscapes(text) {
  return text.replace(/\\(?:[abcfnrtv$"\\]|0\d{0,3})/g, (match) => {
    // `\$` becomes `$$`, which the expansion pass turns into a literal `$`.
    if (match === '\\$') return '$$';
    const letter = match[1];
    if (letter in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[letter];
    if (letter === '0') {
      // `\0ddd` is the octal escape `\ddd`; compose keeps the text, minus the 0, when it is not
      // exactly three octal digits.
      const digits = match.slice(2);
      if (/^[0-7]{3}$/.test(digits) && parseInt(digits, 8) <= 0xff) return String.fromCharCode(parseInt(digits, 8));
      return `\\${digits}`;
    }
    return match;
  });
}

/**
 * Expands `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:+alt}`,
 * `${NAME+alt}`, `${NAME:?message}`, `${NAME?message}` and `$$` like compose v2. A `$` that
 * starts none of these is kept.
 *
 * @param {string} template
 * @param {(name: string) => string | undefined} mapping
 * @returns {string}
 */
export function expandVariables(template, mapping) {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const char = template[i];
    if (char !== '$') {
      out += char;
      i++;
      continue;
    }
    const next = template[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next !== undefined && /[_a-z]/i.test(next)) {
      const name = /^[_a-z][_a-z0-9]*/i.exec(template.slice(i + 1))[0];
      out += mapping(name) ?? '';
      i += 1 + name.length;
      continue;
    }
    if (next === '{') {
      const close = findClosingBrace(template, i + 1);
      if (close === -1) throw new TemplateError(`Invalid template: ${JSON.stringify(template)}`);
      out += expandBraced(template.slice(i + 2, close), template, mapping);
      i = close + 1;
      continue;
    }
    out += '$';
    i++;
  }
  return out;
}

function findClosingBrace(text, openIndex) {
  let depth = 0;
  for (let i = openIndex; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function expandBraced(expression, template, mapping) {
  const nameMatch = /^[_a-z][_a-z0-9]*/i.exec(expression);
  if (!nameMatch) throw new TemplateError(`Invalid template: ${JSON.stringify(template)}`);
  const name = nameMatch[0];
  const operation = expression.slice(name.length);
  if (operation === '') return mapping(name) ?? '';

  const operator = /^:?[-+?]/.exec(operation)?.[0];
  if (!operator) throw new TemplateError(`Invalid template: ${JSON.stringify(template)}`);
  const argument = expandVariables(operation.slice(operator.length), mapping);
  const value = mapping(name);
  const isSet = value !== undefined;
  const isSetAndNotEmpty = isSet && value !== '';

  switch (operator) {
    case ':-':
      return isSetAndNotEmpty ? value : argument;
    case '-':
      return isSet ? value : argument;
    case ':+':
      return isSetAndNotEmpty ? argument : (value ?? '');
    case '+':
      return isSet ? argument : '';
    case ':?':
    case '?':
      if (operator === ':?' ? !isSetAndNotEmpty : !isSet) {
        throw new TemplateError(
          argument === '' ? `required variable ${name} is missing a value` : `required variable ${name} is missing a value: ${argument}`,
        );
      }
      return value;
    default:
      throw new TemplateError(`Invalid template: ${JSON.stringify(template)}`);
  }
}
