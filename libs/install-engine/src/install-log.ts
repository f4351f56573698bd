import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** The install log kept in the cluster directory: one timestamped line per event. */
export class InstallLog {
  constructor(private readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
  }

  write(message: string): void {
    appendFileSync(this.path, `${new Date().toISOString()} ${message}\n`);
  }
}
