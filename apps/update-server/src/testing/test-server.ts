import { randomBytes } from 'node:crypto';
import { EVENT, encodeRequest, FLATCAR_APP_ID, parseResponse, type OmahaEvent, type OmahaResponse } from '@strata/omaha';
import type { Dialect } from '@strata/sql';
import { createThrowawayDatabase, type ThrowawayDatabase } from '@strata/sql/testing';
import type { Policy } from '../policy';
import { startUpdateServer, type RunningUpdateServer, type UpdateServerOptions } from '../server';

export { EVENT };

/** An in-process update server on a free port over a throwaway database, with a clock tests move. */
export interface TestServer {
  server: RunningUpdateServer;
  database: ThrowawayDatabase;
  url: string;
  token: string;
  dialect: Dialect;
  now: number;
  setNow(ms: number): void;
  advance(ms: number): void;
  /** Calls the admin API with the token. */
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Uploads `payload` as `version` (optionally promoting it to `channel`). */
  publish(version: string, payload: Buffer<ArrayBuffer>, channel?: string): Promise<Record<string, unknown>>;
  setPolicy(group: string, patch: Partial<Policy>): Promise<void>;
  /** Posts one Omaha request for a machine. */
  check(machine: Partial<MachineRequest>): Promise<OmahaResponse>;
  close(): Promise<void>;
}

export interface MachineRequest {
  machineId: string;
  version: string;
  track: string;
  updateCheck: boolean;
  events: OmahaEvent[];
}

export const newMachineId = (): string => randomBytes(16).toString('hex');

export async function createTestServer(dialect: Dialect = 'sqlite', options: UpdateServerOptions = {}): Promise<TestServer> {
  const database: ThrowawayDatabase = await createThrowawayDatabase(dialect, 'updates');
  let now = options.now ? options.now() : Date.UTC(2026, 5, 3, 12, 0, 0);
  const server = await startUpdateServer({ port: 0, dataDir: database.dir, database: database.url, now: () => now, snapshotTtlMs: 60_000, ...options });
  const admin: TestServer['admin'] = async (method, path, body) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${server.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const test: TestServer = {
    server,
    database,
    url: server.url,
    token: server.token,
    dialect,
    get now() {
      return now;
    },
    setNow: (ms) => (now = ms),
    advance: (ms) => (now += ms),
    admin,
    async publish(version, payload, channel) {
      const query = new URLSearchParams({ version, ...(channel ? { channel } : {}) });
      const res = await fetch(`${server.url}/v1/admin/packages?${query.toString()}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/octet-stream' },
        body: payload,
      });
      const body = (await res.json()) as Record<string, unknown>;
      if (res.status !== 201) throw new Error(`publish ${version}: HTTP ${res.status} ${JSON.stringify(body)}`);
      return body;
    },
    async setPolicy(group, patch) {
      const res = await admin('PUT', `/v1/admin/groups/${group}/policy`, patch);
      if (res.status !== 200) throw new Error(`policy: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    },
    async check(machine) {
      const xml = encodeRequest({
        protocol: '3.0',
        version: 'update_engine-0.4.10',
        installSource: 'scheduler',
        os: { platform: 'CoreOS', version: 'Chateau', sp: '1.0.0_x86_64' },
        apps: [
          {
            appId: FLATCAR_APP_ID,
            version: machine.version ?? '1.0.0',
            track: machine.track ?? 'stable',
            bootId: `{${newMachineId()}}`,
            ...(machine.machineId !== undefined ? { machineId: machine.machineId } : {}),
            oem: 'strata-local',
            updateCheck: machine.updateCheck ?? true,
            ping: true,
            events: machine.events ?? [],
            extra: {},
          },
        ],
      });
      const res = await fetch(`${server.url}/v1/update/`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: xml });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`Omaha: HTTP ${res.status} ${text}`);
      return parseResponse(text);
    },
    async close() {
      await server.stop();
      await database.drop();
    },
  };
  return test;
}

/** A payload of `size` pseudo-random bytes. */
export function payloadOf(size: number, seed = 1): Buffer<ArrayBuffer> {
  const out = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
