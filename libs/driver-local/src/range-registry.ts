import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { cidrsOverlap, formatCidr, parseCidr } from '@strata/cluster-config';
import { z } from 'zod';
import { processesWith } from './processes';

/**
 * The machine-wide registry of local clusters' address ranges. Loopback addresses belong
 * to the whole machine, not to one state directory, so two clusters installed under
 * different `stateDir`s or asset directories must still see each other's ranges.
 *
 * One file per cluster: `<registry>/<cluster-id>.json`. An entry counts only while its
 * cluster is alive: the process that registered it still runs (same pid and start time,
 * so a recycled pid does not count), or some process still names the cluster's state
 * directory on its command line (the agents, the load balancer, KWOK). An entry of a
 * cluster that crashed, was killed or lost to a reboot is removed the next time anyone
 * reads the registry, so it never blocks forever.
 */
export const RangeEntrySchema = z.object({
  version: z.literal(1),
  clusterId: z.string(),
  cluster: z.string(),
  addressRange: z.string(),
  clusterDir: z.string(),
  assetsDir: z.string(),
  owner: z.object({ pid: z.number().int(), startTime: z.string().nullable() }),
  registeredAt: z.string(),
});
export type RangeEntry = z.infer<typeof RangeEntrySchema>;

/** `$XDG_RUNTIME_DIR/strata/local/ranges` (emptied at reboot), else `${STRATA_HOME:-~/.strata}/local/ranges`. */
export function rangeRegistryDir(): string {
  const runtime = process.env['XDG_RUNTIME_DIR'];
  if (runtime) return join(runtime, 'strata/local/ranges');
  return join(process.env['STRATA_HOME'] ?? join(homedir(), '.strata'), 'local/ranges');
}

/** The kernel's start time of `pid` (field 22 of /proc/<pid>/stat), which tells a recycled pid apart. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(entry: RangeEntry): boolean {
  const { pid, startTime } = entry.owner;
  const now = processStartTime(pid);
  if (now !== null && now === startTime) return true;
  return processesWith(`${entry.clusterDir}/`).length > 0;
}

/** Every live entry; entries of dead clusters and unreadable files are removed on the way. */
export function liveRanges(dir = rangeRegistryDir()): RangeEntry[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return files.flatMap((file) => {
    const path = join(dir, file);
    let entry: RangeEntry;
    try {
      entry = RangeEntrySchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    } catch {
      // Half-written by a writer that uses rename cannot happen; anything else is junk.
      rmSync(path, { force: true });
      return [];
    }
    if (isAlive(entry)) return [entry];
    rmSync(path, { force: true });
    return [];
  });
}

/** Live entries of other clusters whose range overlaps `range`. */
export function overlappingRanges(range: string, clusterId: string, dir = rangeRegistryDir()): RangeEntry[] {
  return liveRanges(dir).filter((e) => e.clusterId !== clusterId && cidrsOverlap(e.addressRange, range));
}

/** Records (or refreshes) this process as the owner of `entry.addressRange` for the cluster. */
export function registerRange(entry: Omit<RangeEntry, 'version' | 'owner' | 'registeredAt'>, dir = rangeRegistryDir()): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${entry.clusterId}.json`);
  const record: RangeEntry = {
    version: 1,
    ...entry,
    owner: { pid: process.pid, startTime: processStartTime(process.pid) },
    registeredAt: new Date().toISOString(),
  };
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
  return path;
}

export function unregisterRange(clusterId: string, dir = rangeRegistryDir()): void {
  if (clusterId) rmSync(join(dir, `${clusterId}.json`), { force: true });
}

/**
 * A range of the same size as `range` inside 127.0.0.0/8 that overlaps none of `taken`,
 * searched upwards from `range` itself; the block holding 127.0.0.1 is never offered.
 */
export function suggestFreeRange(range: string, taken: string[]): string | undefined {
  const wanted = parseCidr(range);
  const loopback = parseCidr('127.0.0.0/8');
  if (wanted.prefix < 9) return undefined;
  const blocks = loopback.size / wanted.size;
  const startIndex = Math.floor((wanted.base - loopback.base) / wanted.size);
  for (let i = 1; i <= blocks; i++) {
    const base = loopback.base + ((startIndex + i) % blocks) * wanted.size;
    const candidate = { base, prefix: wanted.prefix, size: wanted.size };
    if (cidrsOverlap(candidate, '127.0.0.0/24')) continue;
    if (taken.some((t) => cidrsOverlap(candidate, t))) continue;
    return formatCidr(candidate);
  }
  return undefined;
}
