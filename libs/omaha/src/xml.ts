import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { InputError } from '@strata/errors';

/** A document that is not well-formed XML or not an Omaha message at all. */
export class OmahaParseError extends InputError {
  constructor(message: string, cause?: unknown) {
    super(message, [{ path: 'body', message }], cause);
    this.name = 'OmahaParseError';
  }
}

/**
 * An element: its attributes as `@name` keys, its child elements by tag name (a list for the
 * tags that may repeat, or when one does), its text, trimmed, as `#text`.
 */
export type XmlNode = Record<string, unknown>;

const ARRAY_TAGS = new Set(['app', 'event', 'url', 'package', 'action', 'ping', 'updatecheck']);

function addChild(parent: XmlNode, name: string, node: XmlNode): void {
  const existing = parent[name];
  if (existing === undefined) parent[name] = ARRAY_TAGS.has(name) ? [node] : node;
  else if (Array.isArray(existing)) existing.push(node);
  else parent[name] = [existing, node];
}

/**
 * Parses a document in one strict pass (saxes: any well-formedness error is an error, with
 * its line and column; only XML's own entities are known) and returns its root element,
 * which must be `rootName`.
 */
export function parseRoot(xml: string, rootName: string): XmlNode {
  if (typeof xml !== 'string' || xml.trim() === '') {
    throw new OmahaParseError(`empty body: expected an Omaha <${rootName}> document`);
  }
  // A DOCTYPE has no place in Omaha; refusing it rules out entity expansion attacks.
  if (/<!DOCTYPE/i.test(xml)) {
    throw new OmahaParseError('a DOCTYPE is not allowed in an Omaha message');
  }
  const parser = new SaxesParser();
  const top: XmlNode = {};
  const stack: XmlNode[] = [top];
  let rootTag: string | undefined;
  let failure: { message: string; line: number; column: number } | undefined;
  parser.on('opentag', (tag: SaxesTagPlain) => {
    rootTag ??= tag.name;
    const node: XmlNode = {};
    for (const [name, value] of Object.entries(tag.attributes)) node[`@${name}`] = value;
    addChild(stack[stack.length - 1] as XmlNode, tag.name, node);
    stack.push(node);
  });
  parser.on('closetag', () => void stack.pop());
  parser.on('text', (text: string) => {
    const node = stack[stack.length - 1] as XmlNode;
    const trimmed = text.trim();
    if (stack.length > 1 && trimmed !== '') node['#text'] = `${(node['#text'] as string | undefined) ?? ''}${trimmed}`;
  });
  parser.on('error', (error: Error) => {
    // The first error is the one to report; saxes goes on after it.
    failure ??= { message: error.message.replace(/^\d+:\d+: /, ''), line: parser.line, column: parser.column };
  });
  parser.write(xml).close();
  if (failure) throw new OmahaParseError(`malformed XML at line ${failure.line}, column ${failure.column}: ${failure.message}`);
  if (rootTag !== rootName) {
    throw new OmahaParseError(`expected a <${rootName}> root element, found ${rootTag ? `<${rootTag}>` : 'none'}`);
  }
  // A document has one root element, and the root names are not among the tags kept as lists.
  return asNode(top[rootName]);
}

/** An element value as a node. */
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
