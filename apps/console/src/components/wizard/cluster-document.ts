import { parseDocument, type Document } from 'yaml';
import { isDeepStrictEqual } from './deep-equal';

/**
 * The wizard's model is the text of a Cluster document, as the CLI takes it. Every form
 * change is an edit of that text through the `yaml` Document API (`setIn`, `deleteIn`), and
 * only the lines the edit changed are written anew: the rest of the text keeps its bytes
 * (comments, their alignment, flow style, quoting), so an imported file comes back out exactly
 * as it came in, and an edited one differs only where it was edited.
 */

/** A path into the document, e.g. `['spec', 'workers', 1, 'replicas']`. */
export type DocumentPath = readonly (string | number)[];

/** One change: `value` undefined removes the field (its default applies again). */
export interface DocumentEdit {
  path: DocumentPath;
  value: unknown;
}

/** A YAML syntax problem, with where it is (1-based). */
export interface SyntaxProblem {
  path: string;
  message: string;
}

/** How the `yaml` package renders changed lines: no folding, flow collections as people write them (`[a, b]`). */
const RENDER = { lineWidth: 0, flowCollectionPadding: false } as const;

/** Parses the text; `problems` lists its syntax errors (then there is nothing to edit). */
export function readDocument(text: string): { doc: Document; value: unknown; problems: SyntaxProblem[] } {
  const doc = parseDocument(text, { prettyErrors: true });
  const problems = doc.errors.map((e) => ({
    path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '(document)',
    message: e.message.split('\n')[0] ?? e.message,
  }));
  return { doc, value: problems.length > 0 ? undefined : doc.toJS(), problems };
}

/** The diff of two line lists as the longest common subsequence: for each line of `b`, the index of the equal line in `a`, or -1. */
function matchLines(a: readonly string[], b: readonly string[]): number[] {
  const matched = new Array<number>(b.length).fill(-1);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) {
    matched[start] = start;
    start += 1;
  }
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
    matched[endB] = endA;
  }
  const n = endA - start;
  const m = endB - start;
  // An edit touches a few lines; the table is over the changed middle only.
  if (n === 0 || m === 0 || n * m > 4_000_000) return matched;
  // table[i * (m + 1) + j]: the length of the common subsequence of a[start+i..] and b[start+j..].
  const width = m + 1;
  const table = new Uint32Array((n + 1) * width);
  const at = (i: number, j: number) => table[i * width + j] ?? 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * width + j] = a[start + i] === b[start + j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[start + i] === b[start + j]) {
      matched[start + j] = start + i;
      i += 1;
      j += 1;
    } else if (at(i + 1, j) >= at(i, j + 1)) i += 1;
    else j += 1;
  }
  return matched;
}

/**
 * Applies `edits` to the document text and returns the new text. The edits run on the parsed
 * Document; the new rendering is then compared line by line with the rendering before the
 * edits, and every line the edits left alone is taken from the original text as it was.
 * @throws Error when the text has YAML syntax errors.
 */
export function editDocument(text: string, edits: readonly DocumentEdit[]): string {
  const { doc, problems } = readDocument(text);
  if (problems.length > 0) throw new Error(`the document has YAML syntax errors; fix them in the YAML first (${problems[0]?.path}: ${problems[0]?.message})`);
  const before = doc.toString(RENDER);
  for (const edit of edits) {
    if (edit.value === undefined) {
      if (doc.hasIn(edit.path)) doc.deleteIn(edit.path);
    } else {
      doc.setIn(edit.path, doc.createNode(edit.value));
    }
  }
  const after = doc.toString(RENDER);
  if (after === before) return text;
  const original = text.split('\n');
  const rendered = before.split('\n');
  // Rendering keeps one line per line (no folding); if this text renders otherwise, the
  // lines cannot be paired and the new rendering is the answer.
  if (rendered.length !== original.length) return after;
  const kept = matchLines(rendered, after.split('\n'));
  const next = after
    .split('\n')
    .map((line, j) => {
      const i = kept[j] ?? -1;
      return i >= 0 ? (original[i] ?? line) : line;
    })
    .join('\n');
  // The spliced text must mean what the edited Document means; otherwise keep the rendering.
  return isDeepStrictEqual(parseDocument(next).toJS(), doc.toJS()) ? next : after;
}
