import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { ConflictError } from '@strata/errors';

/** Who holds a lock: the pid alone is not enough, because pids are reused. */
export interface LockOwner {
  pid: number;
  /** Start time of the process in clock ticks since boot (/proc/<pid>/stat field 22). */
  startTime: number | undefined;
  host: string;
  purpose: string;
}

/** A lock whose directory was not refreshed for this long belongs to a hung or lost owner (proper-lockfile's staleness). */
const STALE_MS = 60_000;
const OWNER_FILE = 'owner.json';

/** State and start time of a running process from /proc/<pid>/stat, or `undefined` when it does not exist. */
export function processStat(pid: number): { state: string; startTime: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may itself hold spaces or ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', startTime: Number(fields[19]) };
}

function readOwner(path: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(join(path, OWNER_FILE), 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

/**
 * Whether the owner is provably gone: no such process, a zombie (exited, not yet reaped), or
 * a different process that got the same pid (its start time differs). Owners on another host
 * cannot be checked; their lock only expires by staleness.
 */
function ownerDead(owner: LockOwner): boolean {
  if (owner.host !== hostname() || !Number.isInteger(owner.pid) || owner.pid <= 0) return false;
  const stat = processStat(owner.pid);
  if (!stat) return true;
  if (stat.state === 'Z' || stat.state === 'X') return true;
  return owner.startTime !== undefined && stat.startTime !== owner.startTime;
}

/**
 * An exclusive lock on a cluster's asset directory, so two installers never drive the
 * same cluster at once. proper-lockfile makes taking it atomic (a mkdir) and expires a lock
 * whose owner stopped refreshing it; the owner record inside lets a lock of a crashed
 * installer be taken over at once instead of after the staleness period.
 */
export class DirectoryLock {
  private constructor(
    private readonly path: string,
    private readonly releaseLock: () => void,
  ) {}

  static acquire(path: string, purpose: string): DirectoryLock {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const release = lockfile.lockSync(path, {
          realpath: false,
          lockfilePath: path,
          stale: STALE_MS,
          // Only a takeover by another process after this one stalled for a minute gets here;
          // the work in progress stays idempotent, so it finishes rather than crash the CLI.
          onCompromised: () => undefined,
        });
        const self = processStat(process.pid);
        const owner: LockOwner = { pid: process.pid, startTime: self?.startTime, host: hostname(), purpose };
        writeFileSync(join(path, OWNER_FILE), `${JSON.stringify(owner)}\n`, { mode: 0o600 });
        return new DirectoryLock(path, release);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // proper-lockfile found the lock stale (not refreshed for STALE_MS) and removes it with
        // rmdir, which the owner record inside makes fail: finish its takeover.
        if (code === 'ENOTEMPTY') {
          rmSync(path, { recursive: true, force: true });
          continue;
        }
        if (code !== 'ELOCKED') throw error;
        const owner = readOwner(path);
        if (owner && ownerDead(owner)) {
          rmSync(path, { recursive: true, force: true });
          continue;
        }
        const who = owner ? `pid ${owner.pid} on ${owner.host}, ${owner.purpose}` : 'owner unknown';
        throw new ConflictError(`another strata process (${who}) is working on this cluster; wait for it or stop it`);
      }
    }
    throw new ConflictError(`could not lock ${path}`);
  }

  release(): void {
    // proper-lockfile removes the lock directory with rmdir, so it must be empty first.
    rmSync(join(this.path, OWNER_FILE), { force: true });
    try {
      this.releaseLock();
    } catch (error) {
      // Already released, or taken over after this process stalled: nothing of ours is left.
      if (!['ERELEASED', 'ENOTACQUIRED', 'ECOMPROMISED'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  }
}
