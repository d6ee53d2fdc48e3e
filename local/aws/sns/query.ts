// The awsQuery protocol of SNS: form-encoded requests, XML responses.
import { randomUUID } from 'node:crypto';
import { escapeXml } from '../errors.js';

/** XML namespace of every SNS response. */
export const SNS_XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';

/** A decoded form request: flat keys such as `Attributes.entry.1.key`. */
export type QueryInput = URLSearchParams;

/** Reads a map serialized as `PREFIX.entry.N.key` / `PREFIX.entry.N.value` (N from 1). */
export function readQueryMap(input: QueryInput, prefix: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (let index = 1; input.has(`${prefix}.entry.${index}.key`); index += 1) {
    const key = input.get(`${prefix}.entry.${index}.key`) ?? '';
    map[key] = input.get(`${prefix}.entry.${index}.value`) ?? '';
  }
  return map;
}

/** Reads a list of Key/Value structures serialized as `PREFIX.member.N.Key` / `.Value`. */
export function readQueryTags(input: QueryInput, prefix: string): Array<{ Key: string; Value: string }> {
  const tags: Array<{ Key: string; Value: string }> = [];
  for (let index = 1; input.has(`${prefix}.member.${index}.Key`); index += 1) {
    tags.push({ Key: input.get(`${prefix}.member.${index}.Key`) ?? '', Value: input.get(`${prefix}.member.${index}.Value`) ?? '' });
  }
  return tags;
}

/** A value for `toXml`: text, a nested element list, or a list of `<member>` / `<entry>` items. */
export type XmlValue = string | number | boolean | XmlElement[] | { members: XmlElement[][] } | { entries: Record<string, string> };
/** One XML element: name and value. */
export type XmlElement = [name: string, value: XmlValue | undefined];

/** Serializes elements; undefined values are left out. */
export function toXml(elements: XmlElement[]): string {
  return elements
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `<${name}>${valueToXml(value as XmlValue)}</${name}>`)
    .join('');
}

function valueToXml(value: XmlValue): string {
  if (Array.isArray(value)) {
    return toXml(value);
  }
  if (typeof value === 'object') {
    if ('members' in value) {
      return value.members.map((member) => `<member>${toXml(member)}</member>`).join('');
    }
    return Object.entries(value.entries)
      .map(([key, entry]) => `<entry><key>${escapeXml(key)}</key><value>${escapeXml(entry)}</value></entry>`)
      .join('');
  }
  return escapeXml(String(value));
}

/** Wraps an operation's result as awsQuery does: `<ActionResponse><ActionResult>...`. */
export function queryResponse(action: string, result: XmlElement[], requestId: string = randomUUID()): string {
  return (
    `<${action}Response xmlns="${SNS_XMLNS}">` +
    `<${action}Result>${toXml(result)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
    `</${action}Response>`
  );
}
