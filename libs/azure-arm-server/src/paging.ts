/** One page of a list: ARM's `{ value, nextLink }`, nextLink an absolute URL with `$skiptoken`. */
export function page<T>(all: T[], url: URL, pageSize: number): { value: T[]; nextLink?: string } {
  const start = Number(url.searchParams.get('$skiptoken') ?? '0') || 0;
  const top = Number(url.searchParams.get('$top') ?? '0') || 0;
  const size = top > 0 ? Math.min(top, pageSize) : pageSize;
  const value = all.slice(start, start + size);
  if (start + size >= all.length || (top > 0 && start + size >= top)) return { value };
  const next = new URL(url.toString());
  next.searchParams.set('$skiptoken', String(start + size));
  return { value, nextLink: next.toString() };
}
