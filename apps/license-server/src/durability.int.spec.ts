import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from './db/open-database';
import { SqliteDatabase } from '@strata/sql';
import { spawnServer } from './testing/spawn-server';
import { createThrowawayDatabase, DIALECTS } from '@strata/sql/testing';

const ADMIN_TOKEN = 'slat_durability-test-token-0123456789';
const WRITERS = 12;
const KILL_AFTER_ACKS = 300;

/** Reports are dated from an hour ago on, inside the server's accepted window. */
const OBSERVED_BASE = Date.now() - 3_600_000;

async function post(url: string, body: unknown, token = ADMIN_TOKEN): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** Activates `cluster-<w>` for every writer under one license; returns each cluster's activation secret. */
async function activateClusters(url: string): Promise<string[]> {
  const customer = await post(`${url}/v1/admin/customers`, { name: 'Durable Co' });
  const subscription = await post(`${url}/v1/admin/subscriptions`, { customerId: customer['id'], plan: 'standard', nodes: 1000 });
  const license = await post(`${url}/v1/admin/licenses`, { subscriptionId: subscription['id'] });
  const secrets: string[] = [];
  for (let w = 0; w < WRITERS; w++)
    secrets.push(String((await post(`${url}/v1/activations`, { license: license['token'], clusterId: `cluster-${w}` }))['activationSecret']));
  return secrets;
}

/** Sends writes until the server dies; returns the ids of the writes it acknowledged (2xx). */
async function writeUntilDead(
  url: string,
  worker: number,
  kind: 'usage' | 'customer',
  acked: string[],
  inFlight: { n: number },
  secret: string,
): Promise<void> {
  for (let i = 0; ; i++) {
    const id = `w${worker}-${i.toString().padStart(6, '0')}`;
    const request =
      kind === 'usage'
        ? {
            path: '/v1/usage-reports',
            body: {
              reportId: `report-${id}`,
              clusterId: `cluster-${worker}`,
              nodes: (i % 50) + 1,
              observedAt: new Date(OBSERVED_BASE + i * 1000).toISOString(),
            },
            token: secret,
          }
        : { path: '/v1/admin/customers', body: { name: `Customer ${id}` }, token: ADMIN_TOKEN };
    inFlight.n++;
    try {
      const response = await fetch(`${url}${request.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${request.token}` },
        body: JSON.stringify(request.body),
      });
      await response.arrayBuffer();
      if (response.status >= 200 && response.status < 300) acked.push(kind === 'usage' ? `report-${id}` : `Customer ${id}`);
      else throw new Error(`unexpected ${response.status}`);
    } catch {
      return; // The server is gone; this write was never acknowledged.
    } finally {
      inFlight.n--;
    }
  }
}

describe.each(DIALECTS)('kill -9 of the license server on %s', (dialect) => {
  const dataDir = mkdtempSync(join(tmpdir(), `strata-ls-kill-${dialect}-`));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loses no acknowledged write', async () => {
    const database = await createThrowawayDatabase(dialect, 'license');
    try {
      const env = { LICENSE_ADMIN_TOKEN: ADMIN_TOKEN, LICENSE_RATE_LIMIT_MAX: '100000000' };
      const server = await spawnServer({ db: database.url, dataDir, env });
      // The server logs in the one format of @strata/log: JSON lines, level words, its name.
      const listening =
        server
          .output()
          .split('\n')
          .find((line) => line.includes('listening on')) ?? '';
      expect(JSON.parse(listening)).toMatchObject({ level: 'info', name: 'license-server', url: server.url });
      const ackedReports: string[] = [];
      const ackedCustomers: string[] = [];
      const inFlight = { n: 0 };
      const secrets = await activateClusters(server.url);
      const writers = Array.from({ length: WRITERS }, (_, w) =>
        writeUntilDead(server.url, w, w % 4 === 3 ? 'customer' : 'usage', w % 4 === 3 ? ackedCustomers : ackedReports, inFlight, secrets[w] ?? ''),
      );

      await vi.waitFor(() => expect(ackedReports.length + ackedCustomers.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS), { timeout: 30_000, interval: 5 });
      const inFlightAtKill = inFlight.n;
      await server.kill();
      await Promise.all(writers);

      expect(server.child.signalCode).toBe('SIGKILL');
      expect(ackedReports.length + ackedCustomers.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
      expect(inFlightAtKill).toBeGreaterThan(0);

      // Restart on the same database: it must come up and hold every acknowledged write.
      const restarted = await spawnServer({ db: database.url, dataDir, env });
      try {
        const db = await openDatabase(database.url);
        try {
          if (db instanceof SqliteDatabase) expect(await db.query('PRAGMA integrity_check')).toEqual([expect.objectContaining({ integrity_check: 'ok' })]);
          const reports = new Set((await db.query<{ report_id: string }>('SELECT report_id FROM usage_reports')).map((r) => r.report_id));
          const customers = new Set((await db.query<{ name: string }>('SELECT name FROM customers')).map((r) => r.name));
          expect(ackedReports.filter((id) => !reports.has(id))).toEqual([]);
          expect(ackedCustomers.filter((name) => !customers.has(name))).toEqual([]);
        } finally {
          await db.close();
        }
        // Replaying an acknowledged report after the crash is still counted once. Worker 0's first
        // report (cluster-0, 1 node, at the base time) is taken, whichever worker was acked first.
        expect(ackedReports).toContain('report-w0-000000');
        const replay = await fetch(`${restarted.url}/v1/usage-reports`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${secrets[0] ?? ''}` },
          body: JSON.stringify({ reportId: 'report-w0-000000', clusterId: 'cluster-0', nodes: 1, observedAt: new Date(OBSERVED_BASE).toISOString() }),
        });
        expect(await replay.json()).toMatchObject({ duplicate: true });
      } finally {
        await restarted.stop();
      }
    } finally {
      await database.drop();
    }
  });
});
