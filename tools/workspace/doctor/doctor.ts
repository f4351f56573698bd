/**
 * `npm run doctor`: every external dependency of Strata, the version and path found,
 * and for anything missing the exact fix. Exits 0 only when all are present.
 */
import { pinnedVersions } from '@strata/toolchain';
import { runChecks } from './checks';

const results = runChecks();
const v = pinnedVersions();
console.log(`Strata pins Kubernetes ${v.kubernetes}, etcd ${v.etcd}, KWOK ${v.kwok} (tools/binaries/versions.json)\n`);
const width = Math.max(...results.map((r) => r.name.length));
for (const r of results) {
  const mark = r.ok ? 'ok     ' : 'MISSING';
  console.log(`${mark} ${r.name.padEnd(width)}  ${r.version ?? '-'}  (${r.path ?? 'not found'})`);
  if (!r.ok) {
    if (r.expected) console.log(`        expected ${r.expected}`);
    console.log(`        fix: ${r.fix}`);
  }
}
const missing = results.filter((r) => !r.ok).length;
console.log(missing === 0 ? '\nall dependencies present' : `\n${missing} missing: apply the fixes above`);
process.exitCode = missing === 0 ? 0 : 1;
