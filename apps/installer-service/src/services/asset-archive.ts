import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { pack } from 'tar-stream';

/** Paths that hold keys or credentials by name: private keys, kubeconfigs, the auth folder, the directory lock. */
function secretByName(path: string): boolean {
  return /\.key$/.test(path) || /kubeconfig/.test(path) || /(^|\/)auth\//.test(path);
}

/** Ignition configs carry the machines' keys inside them (data URLs); bytes say so too. */
function secretByContent(path: string, bytes: Buffer): boolean {
  if (/(^|\/)ignition\//.test(path) || path.endsWith('.ign')) return true;
  const text = bytes.toString('latin1');
  return /PRIVATE KEY-----|client-key-data|"token"\s*:|^\s*token:/m.test(text);
}

/** The files of an asset directory, relative, sorted, without the directory lock. */
function assetFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .filter((p) => !p.startsWith('.strata.lock'))
    .sort();
}

/**
 * A `.tar.gz` stream of an install's asset directory. Without `secrets` it leaves out private
 * keys, kubeconfigs and the Ignition configs (which embed keys), cleans the install log with
 * `scrub` (redaction rules, the credential's values), and
 * lists what it left out in `LEFT-OUT.txt`; with `secrets` it holds everything.
 */
export function assetArchive(dir: string, root: string, secrets: boolean, scrub: (text: string) => string): Readable {
  const archive = pack();
  const leftOut: string[] = [];
  for (const path of assetFiles(dir)) {
    const bytes = readFileSync(join(dir, path));
    if (!secrets && (secretByName(path) || secretByContent(path, bytes))) {
      leftOut.push(path);
      continue;
    }
    const body = !secrets && path === 'install.log' ? Buffer.from(scrub(bytes.toString('utf8'))) : bytes;
    archive.entry({ name: `${root}/${path}`, mode: 0o644 }, body);
  }
  if (leftOut.length > 0) {
    const note = `Left out because they hold private keys or credentials (download with ?secrets=true as an admin to include them):\n${leftOut.join('\n')}\n`;
    archive.entry({ name: `${root}/LEFT-OUT.txt`, mode: 0o644 }, note);
  }
  archive.finalize();
  return archive.pipe(createGzip());
}
