import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileContents } from '../file-contents';
import { parseIgnition } from '../parse';

/** Writes the files and directories of an Ignition config into `root` (tests only; machines use the real Ignition binary). */
export function materialize(ign: string, root: string): void {
  const config = parseIgnition(ign);
  for (const d of config.storage?.directories ?? []) mkdirSync(join(root, d.path), { recursive: true, mode: d.mode ?? 0o755 });
  for (const f of config.storage?.files ?? []) {
    mkdirSync(dirname(join(root, f.path)), { recursive: true });
    writeFileSync(join(root, f.path), fileContents(config, f.path) ?? new Uint8Array(), { mode: f.mode ?? 0o644 });
  }
}
