import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ownedBy } from '@strata/driver-api';

/**
 * Local resources are directories; each carries an `owner.json` with the cluster's tags,
 * the local equivalent of a cloud resource's tags.
 */
export function writeOwner(dir: string, tags: Record<string, string>, extra: Record<string, string> = {}): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'owner.json'), `${JSON.stringify({ tags, ...extra }, null, 2)}\n`);
}

export function readOwner(dir: string): ({ tags: Record<string, string> } & Record<string, unknown>) | undefined {
  const file = join(dir, 'owner.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { tags: Record<string, string> };
  } catch {
    return undefined;
  }
}

export function isOwned(dir: string, clusterId: string): boolean {
  return ownedBy(readOwner(dir)?.tags, clusterId);
}
