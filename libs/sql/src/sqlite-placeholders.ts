/** `$1` → `?1`, leaving quoted strings alone; SQLite reads `?NNN` as the NNN-th parameter. */
export function toSqlitePlaceholders(sql: string): string {
  return sql.replace(/('(?:[^']|'')*')|\$(\d+)/g, (match, quoted: string | undefined, index: string | undefined) => (quoted ? match : `?${index}`));
}
