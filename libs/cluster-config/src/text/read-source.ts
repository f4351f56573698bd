/**
 * Reads Cluster document text (YAML or JSON) into a plain value. Syntax errors come back
 * as problems located by line and column instead of being thrown one at a time.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
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

function yamlDocument(text: string): { document: Document; lines: LineCounter } {
  const lines = new LineCounter();
  // YAML 1.2 core schema: `yes`/`no` stay strings, duplicate keys are errors.
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, version: '1.2' });
  return { document, lines };
}

function readYaml(text: string): SourceReading {
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
  // maxAliasCount guards against alias expansion bombs.
  return { value: document.toJS({ maxAliasCount: 100 }), syntaxProblems: [], locate: locator };
}

/** 1-based line and column of an offset in `text`. */
function positionAt(text: string, offset: number): SourcePosition {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

function readJson(text: string): SourceReading {
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
