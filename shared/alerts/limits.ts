/** SNS rejects subjects of 100 characters or more and any line break or control character. */
export const MAX_SUBJECT_LENGTH = 99;
/** SNS accepts at most 256 KB (262,144 bytes) of UTF-8 per message. */
export const MAX_MESSAGE_BYTES = 262_144;

/** German letters as German writes them where only ASCII is allowed. */
const GERMAN_ASCII: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss' };

/**
 * Makes a subject SNS accepts: printable ASCII on one line, cut with "..." to the limit.
 * Umlauts become ae/oe/ue, other accents are dropped.
 */
export function toSnsSubject(text: string): string {
  const oneLine = text
    .replace(/[äöüÄÖÜß]/g, (letter) => GERMAN_ASCII[letter] ?? letter)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return oneLine.length <= MAX_SUBJECT_LENGTH ? oneLine : `${oneLine.slice(0, MAX_SUBJECT_LENGTH - 3).trimEnd()}...`;
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
