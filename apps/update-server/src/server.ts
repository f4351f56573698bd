import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Database } from '@strata/sql';
import { AdminService, ensureDefaults } from './admin';
import { openDatabase } from './db/open-database';
import { createHandler } from './http';
import { UpdateService } from './updates';

/** The port machines of a local cluster are configured with (`http://127.0.0.1:8600/v1/update/`). */
export const DEFAULT_PORT = 8600;

/** `${XDG_DATA_HOME:-~/.local/share}/strata/update-server`: database, payloads and the admin token. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env['XDG_DATA_HOME'] || join(homedir(), '.local', 'share'), 'strata', 'update-server');
}

/** The admin token file of a data directory (mode 0600). */
export function tokenFileOf(dataDir: string): string {
  return join(dataDir, 'admin-token');
}

/** How to start the server; everything has a default. */
export interface UpdateServerOptions {
  /** Default 8600; 0 asks the system for a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default `${XDG_DATA_HOME:-~/.local/share}/strata/update-server`. */
  dataDir?: string;
  /** `sqlite:/path/file.db`, a file path or `postgres://…`; default `<data dir>/updates.db`. */
  database?: string;
  /** The base URL machines reach the server at, for payload URLs; default: the Host of each request. */
  publicUrl?: string;
  /** Accept this admin token instead of the one in `<data dir>/admin-token`. */
  adminToken?: string;
  /** The clock (tests move it). */
  now?: () => number;
  omahaBodyLimit?: number;
  uploadLimit?: number;
  /** How long the cached configuration may be stale when another server changed it; default 1 s. */
  snapshotTtlMs?: number;
}

/** A running update server. */
export interface RunningUpdateServer {
  /** Base URL, e.g. http://127.0.0.1:8600; the Omaha endpoint is `${url}/v1/update/`. */
  url: string;
  dataDir: string;
  tokenFile: string;
  token: string;
  /** Whether this start created the token file. */
  tokenCreated: boolean;
  db: Database;
  updates: UpdateService;
  stop(): Promise<void>;
}

function loadOrCreateToken(file: string): { token: string; created: boolean } {
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    const token = readFileSync(file, 'utf8').trim();
    if (token.length >= 24) return { token, created: false };
  }
  const token = `sut_${randomBytes(32).toString('base64url')}`;
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { token, created: true };
}

/**
 * Starts the Omaha update server: opens and migrates the database, creates the default
 * application with its channels and groups, writes the admin token on first start and
 * listens. `POST /v1/update/` answers machines, `GET /v1/packages/<version>/<file>` serves
 * payloads, `/v1/admin/…` is the admin API.
 */
export async function startUpdateServer(options: UpdateServerOptions = {}): Promise<RunningUpdateServer> {
  const dataDir = resolve(options.dataDir ?? defaultDataDir());
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const packagesDir = join(dataDir, 'packages');
  mkdirSync(packagesDir, { recursive: true, mode: 0o755 });
  const tokenFile = tokenFileOf(dataDir);
  const { token, created } = options.adminToken ? { token: options.adminToken, created: false } : loadOrCreateToken(tokenFile);
  const db = await openDatabase(options.database ?? `sqlite:${join(dataDir, 'updates.db')}`);
  const now = options.now ?? Date.now;
  const updates = new UpdateService(db, { now, ...(options.snapshotTtlMs !== undefined ? { snapshotTtlMs: options.snapshotTtlMs } : {}) });
  try {
    await ensureDefaults(db, now());
    const admin = new AdminService(db, updates, packagesDir);
    const handler = createHandler(updates, admin, {
      omahaBodyLimit: options.omahaBodyLimit ?? 64 * 1024,
      jsonBodyLimit: 64 * 1024,
      uploadLimit: options.uploadLimit ?? 4 * 1024 ** 3,
      publicUrl: options.publicUrl,
      adminToken: token,
      packagesDir,
    });
    const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => void handler(req, res));
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(options.port ?? DEFAULT_PORT, host, () => {
        server.off('error', fail);
        done();
      });
    });
    const { port } = server.address() as AddressInfo;
    let stopping: Promise<void> | undefined;
    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      dataDir,
      tokenFile,
      token,
      tokenCreated: created,
      db,
      updates,
      stop: () =>
        (stopping ??= (async () => {
          await new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          });
          await updates.close();
          await db.close();
        })()),
    };
  } catch (error) {
    await updates.close();
    await db.close().catch(() => undefined);
    throw error;
  }
}
