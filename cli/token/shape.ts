/** Shape of a Hugging Face user access token: `hf_` and at least 30 letters and digits. */
export const TOKEN_SHAPE = /^hf_[A-Za-z0-9]{30,}$/;

/** Reason a value fails the shape check. No reason contains any character of the value. */
export type ShapeProblem = 'prefix' | 'characters' | 'length';

/** Returns the problems of a candidate token, empty when it has the shape of a Hub token. */
export function tokenShapeProblems(value: string): ShapeProblem[] {
  if (TOKEN_SHAPE.test(value)) return [];
  const problems: ShapeProblem[] = [];
  const body = value.startsWith('hf_') ? value.slice(3) : value;
  if (!value.startsWith('hf_')) problems.push('prefix');
  if (/[^A-Za-z0-9]/.test(body)) problems.push('characters');
  if (body.length < 30) problems.push('length');
  return problems;
}
