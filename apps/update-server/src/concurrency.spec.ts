import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeRequest, FLATCAR_APP_ID, parseResponse } from '@strata/omaha';
import { DIALECTS } from '@strata/sql/testing';
import { startUpdateServer, type RunningUpdateServer } from './server';
import { createTestServer, newMachineId, payloadOf, type TestServer } from './testing/test-server';

const checkXml = (machineId: string) =>
  encodeRequest({
    protocol: '3.0',
    apps: [
      {
        appId: FLATCAR_APP_ID,
        version: '1.0.0',
        track: 'stable',
        machineId,
        bootId: `{${newMachineId()}}`,
        updateCheck: true,
        ping: true,
        events: [],
        extra: {},
      },
    ],
  });

describe.each(DIALECTS)('the grant is atomic on %s', (dialect) => {
  let t: TestServer;
  let other: RunningUpdateServer;
  let otherDir: string;

  beforeAll(async () => {
    t = await createTestServer(dialect);
    otherDir = mkdtempSync(join(tmpdir(), 'strata-updates-other-'));
    // A second server on the same database: the limit holds across servers, not only within one process.
    other = await startUpdateServer({ port: 0, dataDir: otherDir, database: t.database.url, now: () => t.now });
    await t.publish('2.0.0', payloadOf(1000), 'stable');
    await t.setPolicy('stable', { maxUpdatesPerPeriod: 5, periodSeconds: 3600 });
  });
  afterAll(async () => {
    await other?.stop();
    rmSync(otherDir, { recursive: true, force: true });
    await t?.close();
  });

  it('1,000 concurrent update checks from distinct machines with at most 5 per hour yield exactly 5 grants', async () => {
    const urls = [t.url, other.url];
    const answers = await Promise.all(
      Array.from({ length: 1000 }, async (_, i) => {
        const res = await fetch(`${urls[i % 2]}/v1/update/`, { method: 'POST', body: checkXml(newMachineId()) });
        expect(res.status).toBe(200);
        return parseResponse(await res.text()).apps[0]!.updateCheck!.status;
      }),
    );
    expect(answers.filter((s) => s === 'ok')).toHaveLength(5);
    expect(answers.filter((s) => s === 'noupdate')).toHaveLength(995);
    await other.updates.flush();
    const stable = (await t.admin('GET', '/v1/admin/status')).body as {
      groups: Array<{ name: string; grantsInPeriod: number; instances: number; byStatus: Record<string, number> }>;
    };
    const group = stable.groups.find((g) => g.name === 'stable')!;
    expect(group.grantsInPeriod).toBe(5);
    expect(group.byStatus['update-granted']).toBe(5);
    expect(group.byStatus['on-hold']).toBe(995);
    expect(group.instances).toBe(1000);
  });
});
