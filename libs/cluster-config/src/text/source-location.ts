/**
 * Maps document paths back to line and column in YAML (or JSON) text, so a problem can
 * point at the place to edit.
 */
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** A 1-based line and column in the source text. */
export interface SourcePosition {
  line: number;
  column: number;
}

function positionOf(node: Node | null | undefined, lines: LineCounter): SourcePosition | undefined {
  const offset = node?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/**
 * The position of the field at `path`: the key of a mapping entry, the item of a list, or
 * the nearest enclosing node that exists when the field itself is missing.
 */
export function locate(document: Document, lines: LineCounter, path: readonly PropertyKey[]): SourcePosition | undefined {
  let node = document.contents as Node | null;
  let position = positionOf(node, lines);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return position;
      position = positionOf(pair.key as Node, lines) ?? position;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) return position;
      position = positionOf(item, lines) ?? position;
      node = item;
    } else {
      return position;
    }
  }
  return position;
}
