/**
 * Runs `work` for every node once all of `after(node)` are done, at most `concurrency` at
 * a time; a node with a limit of its own (`limitOf(node)`) starts while fewer than that many
 * run. On the first failure nothing new starts; the nodes already running finish (so their
 * results are journaled) and the first error is thrown.
 */
export async function runGraph<T extends { id: string }>(
  nodes: T[],
  after: (node: T) => string[],
  concurrency: number,
  work: (node: T) => Promise<void>,
  limitOf: (node: T) => number | undefined = () => undefined,
): Promise<void> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a whole number ≥ 1, got ${concurrency}`);
  const limit = (node: T) => limitOf(node) ?? concurrency;
  const ids = new Set(nodes.map((n) => n.id));
  for (const n of nodes) {
    for (const dep of after(n)) if (!ids.has(dep)) throw new RangeError(`step ${n.id} depends on unknown step ${dep}`);
  }
  const done = new Set<string>();
  const pending = [...nodes];
  const running = new Map<string, Promise<void>>();
  let failure: { error: unknown } | undefined;
  while (pending.length > 0 || running.size > 0) {
    if (!failure) {
      for (let i = 0; i < pending.length;) {
        const node = pending[i];
        if (node && running.size < limit(node) && after(node).every((d) => done.has(d))) {
          pending.splice(i, 1);
          running.set(
            node.id,
            work(node).then(
              () => {
                done.add(node.id);
                running.delete(node.id);
              },
              (error: unknown) => {
                failure ??= { error };
                running.delete(node.id);
              },
            ),
          );
        } else i++;
      }
    }
    if (running.size === 0) {
      if (failure) break;
      if (pending.length > 0) throw new RangeError(`steps ${pending.map((p) => p.id).join(', ')} form a dependency cycle`);
      break;
    }
    await Promise.race(running.values());
  }
  if (failure) throw failure.error;
}
