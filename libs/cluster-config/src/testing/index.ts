/**
 * The lines of a YAML "billion laughs" document: `a` is a list of nine scalars, and each
 * next anchor a list of nine aliases of the previous one, so `depth` levels expand to
 * 9^depth nodes. Indent the lines under any mapping key to embed the bomb in a document.
 */
export function yamlAliasBombLines(depth: number): string[] {
  const names = Array.from({ length: depth }, (_, i) => String.fromCharCode(97 + i));
  return names.map((name, i) =>
    i === 0
      ? `${name}: &${name} [${Array(9).fill('x').join(', ')}]`
      : `${name}: &${name} [${Array(9)
          .fill(`*${names[i - 1]}`)
          .join(', ')}]`,
  );
}
