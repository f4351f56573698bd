/**
 * Reads Cluster document text (YAML or JSON) into a plain value. Syntax errors come back
 * as problems located by line and column instead of being thrown one at a time.
 */
import { LineCounter, Parser, parseDocument, visit, type Document } from 'yaml';
import { jsonErrorOffset } from './json-error-offset';
import { locate, type SourcePosition } from './source-location';

/** The text formats a Cluster document may be written in. */
export type SourceFormat = 'yaml' | 'json';

/** A syntax problem at a place in the text. */
export interface SyntaxProblem extends SourcePosition {
  message: string;
}

/** The outcome of reading text: the value, or the syntax problems; plus a way to locate paths. */
export interface SourceReading {
  value: unknown;
  syntaxProblems: SyntaxProblem[];
  locate(path: readonly PropertyKey[]): SourcePosition | undefined;
}

/** Deepest nesting of mappings and lists a Cluster document may have; real ones stay under 10. */
export const MAX_NESTING_DEPTH = 64;

/** Aliases a document may expand; more is an expansion ("billion laughs") attack. */
const MAX_ALIAS_COUNT = 100;

/**
 * The offset where `text` nests deeper than `MAX_NESTING_DEPTH`, found on the concrete syntax
 * tree (whose parser keeps an explicit stack) before the recursive composer could exhaust the
 * call stack.
 */
function tooDeepAt(text: string): number | undefined {
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document' || !token.value) continue;
    const pending: { node: unknown; depth: number }[] = [{ node: token.value, depth: 0 }];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      const { node, depth } = next;
      const collection = node as { type?: string; offset?: number; items?: { key?: unknown; value?: unknown }[] };
      if (!collection.items || !['block-map', 'block-seq', 'flow-collection'].includes(collection.type ?? '')) continue;
      if (depth + 1 > MAX_NESTING_DEPTH) return collection.offset ?? 0;
      for (const item of collection.items) {
        if (item.key) pending.push({ node: item.key, depth: depth + 1 });
        if (item.value) pending.push({ node: item.value, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

function yamlDocument(text: string): { document: Document; lines: LineCounter } {
  const lines = new LineCounter();
  // YAML 1.2 core schema: `yes`/`no` stay strings, duplicate keys are errors.
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, version: '1.2' });
  return { document, lines };
}

function tooDeep(text: string): SourceReading | undefined {
  const offset = tooDeepAt(text);
  if (offset === undefined) return undefined;
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  const { line, col } = lines.linePos(offset);
  return {
    value: undefined,
    syntaxProblems: [{ line, column: col, message: `nests mappings and lists more than ${MAX_NESTING_DEPTH} levels deep; a Cluster document needs far fewer` }],
    locate: () => undefined,
  };
}

function readYaml(text: string): SourceReading {
  const deep = tooDeep(text);
  if (deep) return deep;
  const { document, lines } = yamlDocument(text);
  const locator = (path: readonly PropertyKey[]) => locate(document, lines, path);
  if (document.errors.length > 0) {
    const syntaxProblems = document.errors.map((error) => {
      const { line, col } = lines.linePos(error.pos[0]);
      const message =
        error.code === 'MULTIPLE_DOCS'
          ? "the file holds more than one YAML document; a Cluster file holds exactly one (remove the extra '---' part)"
          : `YAML syntax error: ${error.message}`;
      return { line, column: col, message };
    });
    return { value: undefined, syntaxProblems, locate: locator };
  }
  try {
    return { value: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), syntaxProblems: [], locate: locator };
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    // The yaml package refuses to expand more aliases than allowed; point at the first alias.
    let offset = 0;
    visit(document, {
      Alias(_key, node) {
        offset = node.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    const { line, col } = lines.linePos(offset);
    const message = `aliases expand to more than ${MAX_ALIAS_COUNT} copies (a YAML alias bomb); write the values out or use fewer aliases`;
    return { value: undefined, syntaxProblems: [{ line, column: col, message }], locate: locator };
  }
}

/** 1-based line and column of an offset in `text`. */
function positionAt(text: string, offset: number): SourcePosition {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

function readJson(text: string): SourceReading {
  const deep = tooDeep(text);
  if (deep) return deep;
  // JSON is YAML 1.2, so the YAML parser serves to locate fields in JSON text as well.
  const { document, lines } = yamlDocument(text);
  const locator = (path: readonly PropertyKey[]) => (document.errors.length === 0 ? locate(document, lines, path) : undefined);
  try {
    return { value: JSON.parse(text), syntaxProblems: [], locate: locator };
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const position = positionAt(text, jsonErrorOffset(text) ?? text.length);
    // Engines quote the whole input in some messages; the position already says where to look.
    const reason = raw.replace(/,\s*"[\s\S]*" is not valid JSON$/, '').replace(/\s*in JSON at position \d+( \(line \d+ column \d+\))?$/, '');
    const message = `JSON syntax error: ${reason}`;
    return { value: undefined, syntaxProblems: [{ ...position, message }], locate: locator };
  }
}

/** Picks the format: the explicit one, else `.json` sources are JSON, else YAML (which also reads JSON). */
export function detectFormat(format: SourceFormat | undefined, source: string | undefined): SourceFormat {
  if (format) return format;
  return source?.toLowerCase().endsWith('.json') ? 'json' : 'yaml';
}

/** Reads `text` as `format`. */
export function readSource(text: string, format: SourceFormat): SourceReading {
  return format === 'json' ? readJson(text) : readYaml(text);
}
