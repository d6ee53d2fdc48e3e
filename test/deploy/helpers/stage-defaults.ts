import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';

/**
 * Reads `params.default` of serverless.yml as strings, the way `${param:...}` passes them on,
 * plus `service` and `stage`. CloudFormation tags elsewhere in the file (!Ref, !Sub) are left
 * unresolved because only the parameters are read.
 */
export function stageDefaults(stage: string): Record<string, string> {
  const text = readFileSync(new URL('../../../serverless.yml', import.meta.url), 'utf8');
  const document = parseDocument(text, { logLevel: 'silent' });
  const defaults = document.getIn(['params', 'default']) as { toJSON(): Record<string, unknown> } | undefined;
  if (!defaults) throw new Error('serverless.yml has no params.default section.');
  const raw: Record<string, string> = { service: String(document.get('service')), stage };
  for (const [name, value] of Object.entries(defaults.toJSON())) raw[name] = String(value ?? '');
  return raw;
}
