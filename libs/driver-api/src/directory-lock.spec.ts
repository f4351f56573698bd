import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ConflictError } from '@strata/errors';
import { DirectoryLock, processStat, type LockOwner } from './directory-lock';

const work = mkdtempSync(join(tmpdir(), 'strata-lock-'));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

let count = 0;
/** A lock directory as a running installer leaves it: freshly made, with its owner record. */
function heldBy(owner: Partial<LockOwner> & { pid: number }): string {
  const path = join(work, `lock-${count++}`);
  mkdirSync(path);
  writeFileSync(
    join(path, 'owner.json'),
    JSON.stringify({ host: hostname(), purpose: 'strata install demo', startTime: processStat(owner.pid)?.startTime, ...owner }),
  );
  return path;
}

function sleeper(): ChildProcess {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

/** A zombie: `sleep 0` runs in the background of a shell that then becomes `sleep 30`, which never reaps it. */
async function zombie(): Promise<number> {
  const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(parent);
  const pid = await new Promise<number>((ok) => parent.stdout!.once('data', (d: Buffer) => ok(Number(d.toString().trim()))));
  await vi.waitFor(() => expect(processStat(pid)?.state).toBe('Z'), { timeout: 2_000, interval: 20 });
  return pid;
}

describe('DirectoryLock', () => {
  it('is exclusive while its owner runs and free again after release', () => {
    const path = join(work, 'own');
    const lock = DirectoryLock.acquire(path, 'strata install a');
    expect(() => DirectoryLock.acquire(path, 'strata install b')).toThrow(ConflictError);
    lock.release();
    DirectoryLock.acquire(path, 'strata install b').release();
    expect(existsSync(path)).toBe(false);
  });

  it('refuses a lock held by a live process, naming it', () => {
    const owner = sleeper();
    const path = heldBy({ pid: owner.pid! });
    expect(() => DirectoryLock.acquire(path, 'strata destroy demo')).toThrow(`pid ${owner.pid} on ${hostname()}, strata install demo`);
  });

  it('takes over the lock of a process that no longer exists', () => {
    const dead = spawnSync('true');
    const path = heldBy({ pid: dead.pid!, startTime: 1 });
    DirectoryLock.acquire(path, 'strata install demo').release();
  });

  it('takes over the lock of a zombie (exited, not yet reaped)', async () => {
    const pid = await zombie();
    expect(processStat(pid)?.state).toBe('Z');
    const path = heldBy({ pid });
    DirectoryLock.acquire(path, 'strata install demo').release();
  });

  it('takes over a stale lock (not refreshed for over a minute) though its owner record is inside', () => {
    const dead = spawnSync('true');
    const path = heldBy({ pid: dead.pid!, startTime: 1 });
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    utimesSync(path, twoMinutesAgo, twoMinutesAgo);
    DirectoryLock.acquire(path, 'strata install demo').release();
    expect(existsSync(path)).toBe(false);
  });

  it('takes over a lock whose pid now belongs to another process (start time differs)', () => {
    const other = sleeper();
    const path = heldBy({ pid: other.pid!, startTime: processStat(other.pid!)!.startTime - 1 });
    DirectoryLock.acquire(path, 'strata install demo').release();
  });

  it('does not judge an owner on another host by a local pid', () => {
    const path = heldBy({ pid: 999_999, host: 'elsewhere.example' });
    expect(() => DirectoryLock.acquire(path, 'strata install demo')).toThrow(ConflictError);
  });
});
