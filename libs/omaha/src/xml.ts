import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { InputError } from '@strata/errors';

/** A document that is not well-formed XML or not an Omaha message at all. */
export class OmahaParseError extends InputError {
  constructor(message: string, cause?: unknown) {
    super(message, [{ path: 'body', message }], cause);
    this.name = 'OmahaParseError';
  }
}

/** An element as fast-xml-parser gives it: attributes as plain keys, children by tag name. */
export type XmlNode = Record<string, unknown>;

const ARRAY_TAGS = new Set(['app', 'event', 'url', 'package', 'action', 'ping', 'updatecheck']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => ARRAY_TAGS.has(name),
});

/** Parses a document and returns its root element, which must be `rootName`. */
export function parseRoot(xml: string, rootName: string): XmlNode {
  if (typeof xml !== 'string' || xml.trim() === '') {
    throw new OmahaParseError(`empty body: expected an Omaha <${rootName}> document`);
  }
  // A DOCTYPE has no place in Omaha; refusing it rules out entity expansion attacks.
  if (/<!DOCTYPE/i.test(xml)) {
    throw new OmahaParseError('a DOCTYPE is not allowed in an Omaha message');
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new OmahaParseError(`malformed XML at line ${line}, column ${col}: ${msg}`);
  }
  let doc: XmlNode;
  try {
    doc = parser.parse(xml) as XmlNode;
  } catch (cause) {
    throw new OmahaParseError(`malformed XML: ${(cause as Error).message}`, cause);
  }
  const root = doc[rootName];
  if (root === undefined) {
    const found = Object.keys(doc).filter((key) => !key.startsWith('?'));
    throw new OmahaParseError(`expected a <${rootName}> root element, found ${found.length ? `<${found.join('>, <')}>` : 'none'}`);
  }
  return asNode(Array.isArray(root) ? root[0] : root);
}

/** An element value as a node: empty elements come back from the parser as ''. */
export function asNode(value: unknown): XmlNode {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as XmlNode) : {};
}

/** The child elements named `tag` (always a list). */
export function children(node: XmlNode, tag: string): XmlNode[] {
  const value = node[tag];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(asNode);
}

/** The first child element named `tag`, or undefined when absent. */
export function child(node: XmlNode, tag: string): XmlNode | undefined {
  return node[tag] === undefined ? undefined : children(node, tag)[0];
}

/** An attribute's value, or undefined when absent. */
export function attr(node: XmlNode, name: string): string | undefined {
  const value = node[`@${name}`];
  return typeof value === 'string' ? value : value === undefined ? undefined : String(value);
}

/** Every attribute of an element, by name. */
export function attributes(node: XmlNode): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@')) out[key.slice(1)] = String(value);
  }
  return out;
}

/** An attribute value escaped for a double-quoted XML attribute. */
export function escapeAttr(value: string | number | boolean): string {
  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An integer attribute, or undefined when absent or not a number. */
export function intAttr(node: XmlNode, name: string): number | undefined {
  const value = attr(node, name);
  if (value === undefined || value.trim() === '') return undefined;
  const parsed = Number.parseInt(value, 10);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** A boolean attribute (`true`/`1`), or undefined when absent. */
export function boolAttr(node: XmlNode, name: string): boolean | undefined {
  const value = attr(node, name);
  if (value === undefined) return undefined;
  return value.toLowerCase() === 'true' || value === '1';
}
