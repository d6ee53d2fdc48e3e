import { scopeId, type Finding, type FindingKind } from './finding.js';

/** Result of one check: its findings, and the scopes (kind and parameter) it fully evaluated. */
export interface CheckOutcome {
  findings: Finding[];
  /** Scope ids (`kind|parameter`); a remembered finding in such a scope that was not found again is resolved. */
  evaluated: string[];
}

/** Builds an outcome that evaluated `kinds` for `parameter`. */
export function outcome(parameter: string, kinds: FindingKind[], findings: Finding[]): CheckOutcome {
  return { findings, evaluated: kinds.map((kind) => scopeId(kind, parameter)) };
}
