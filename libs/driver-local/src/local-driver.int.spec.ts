import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCluster, type Cluster } from '@strata/cluster-config';
import { writeAssetDirectory } from '@strata/bootstrap';
import { clusterTags, Journal, type DriverContext } from '@strata/driver-api';
import { describeDriverConformance } from '@strata/driver-api/conformance';
import { localDriver } from './local-driver';

const work = mkdtempSync(join(tmpdir(), 'strata-local-driver-'));
let counter = 0;

function cluster(overrides: { addressRange?: string } = {}): Cluster {
  const range = overrides.addressRange ?? `127.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 250)}.0/24`;
  return parseCluster(
    JSON.stringify({
      apiVersion: 'strata.dev/v1alpha1',
      kind: 'Cluster',
      metadata: { name: 'conform' },
      spec: {
        platform: { local: { stateDir: join(work, `state-${counter}`), addressRange: range } },
        controlPlane: { replicas: 1 },
        workers: [{ name: 'default', replicas: 1 }],
      },
    }),
  );
}

async function contextFor(c: Cluster, dir: string, journalPath?: string): Promise<DriverContext> {
  const { manifest } = await writeAssetDirectory(dir, c);
  return {
    cluster: c,
    clusterId: manifest.clusterId,
    assetsDir: dir,
    ignitionFor: (m) => readFile(join(dir, 'ignition', `${m}.ign`), 'utf8'),
    tags: clusterTags(c.metadata.name, manifest.clusterId),
    journal: Journal.open(journalPath ?? join(dir, 'state/journal.jsonl')),
    emit: () => undefined,
  };
}

describeDriverConformance({
  driver: localDriver,
  timeoutMs: 240_000,
  async newContext() {
    counter += 1;
    return contextFor(cluster(), join(work, `assets-${counter}`));
  },
  async invalidContext() {
    counter += 1;
    const ctx = await contextFor(cluster(), join(work, `assets-${counter}`));
    // A state directory already owned by another cluster of the same name.
    const other = await contextFor(ctx.cluster, join(work, `assets-${counter}-other`));
    await localDriver.handlers['address-range']!.create(other, localDriver.plan(other).steps[0]!, {}, {});
    return { ctx, pathPrefix: 'spec.platform.local' };
  },
  async withoutJournal(ctx) {
    return { ...ctx, journal: Journal.open(join(ctx.assetsDir, `state/lost-${Date.now()}.jsonl`)) };
  },
  async cleanup() {
    rmSync(work, { recursive: true, force: true });
  },
});
