import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The file names inside a `.tar.gz`, listed by the system's tar. */
export function tarEntries(archive: Buffer): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'strata-archive-'));
  try {
    const file = join(dir, 'a.tar.gz');
    writeFileSync(file, archive);
    const res = spawnSync('tar', ['-tzf', file], { encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`tar -tzf: ${res.stderr}`);
    return res.stdout.split('\n').filter(Boolean);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
