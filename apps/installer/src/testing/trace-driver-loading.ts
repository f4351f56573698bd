/**
 * Records which modules the installer loads on its way to a local cluster's driver, for
 * drivers.spec.ts. Run as `node --import tsx trace-driver-loading.ts <record> <cluster file> <dir>`:
 * a resolve hook appends every resolved specifier and URL to `<record>` as
 * `resolve <specifier> <url>` lines, and the script appends `mark <name>` lines between
 * steps: after the command modules are imported, and after `planInstall` resolved the
 * cluster's driver.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { register } from 'node:module';
import { parseCluster } from '@strata/cluster-config';

const HOOK = `
import { appendFileSync } from 'node:fs';
let record;
export function initialize(data) { record = data.record; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(record, 'resolve\\t' + specifier + '\\t' + resolved.url + '\\n');
  return resolved;
}
`;

const [record, clusterFile, dir] = process.argv.slice(2);
if (record === undefined || clusterFile === undefined || dir === undefined) {
  process.stderr.write('usage: trace-driver-loading.ts <record> <cluster file> <dir>\n');
  process.exit(2);
}
const mark = (name: string) => appendFileSync(record, `mark\t${name}\n`);

register(`data:text/javascript,${encodeURIComponent(HOOK)}`, { data: { record } });
mark('hooked');
await import('@strata/install-engine');
await import('../commands/install');
await import('../commands/status');
await import('../commands/destroy');
mark('commands loaded');

const { planInstall } = await import('@strata/install-engine');
const cluster = parseCluster(readFileSync(clusterFile, 'utf8'), { source: clusterFile });
const { release } = await planInstall(cluster, dir, () => undefined);
release();
mark('driver resolved');
