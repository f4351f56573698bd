import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { ConflictError } from '@strata/errors';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * An exclusive lock on a cluster's asset directory, so two installers never drive the
 * same cluster at once. The lock file holds the owner's pid; a lock left by a process
 * that no longer runs (a crashed installer) is taken over.
 */
export class DirectoryLock {
  private constructor(private readonly path: string) {}

  static acquire(path: string, purpose: string): DirectoryLock {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o600);
        writeSync(fd, `${process.pid}\n${purpose}\n`);
        closeSync(fd);
        return new DirectoryLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const [pidText, owner] = readFileSync(path, 'utf8').split('\n');
        const pid = Number(pidText);
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
          throw new ConflictError(`another strata process (pid ${pid}, ${owner ?? 'unknown'}) is working on this cluster; wait for it or stop it`);
        }
        rmSync(path, { force: true });
      }
    }
    throw new ConflictError(`could not lock ${path}`);
  }

  release(): void {
    rmSync(this.path, { force: true });
  }
}
