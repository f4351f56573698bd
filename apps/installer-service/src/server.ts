import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createLogger, type LogLevel } from '@strata/log';
import type { ThrottlePolicy } from '@strata/throttle';
import { openDatabase } from './db/open-database';
import { buildApp } from './http/app';
import { InstallRunner } from './runner/install-runner';
import { CredentialBox } from './secrets/credential-box';
import { loadOrCreateToken } from './secrets/key-files';
import { Store } from './store/store';

/** The port the console's server calls the service on by default. */
export const DEFAULT_PORT = 8700;

/** `${XDG_DATA_HOME:-~/.local/share}/strata/installer-service`: database, token, credential key, cluster directories. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env['XDG_DATA_HOME'] || join(homedir(), '.local', 'share'), 'strata', 'installer-service');
}

/** The files of a data directory. */
export function dataFiles(dataDir: string) {
  return {
    database: join(dataDir, 'installer.db'),
    token: join(dataDir, 'service-token'),
    credentialKey: join(dataDir, 'credentials.key'),
    clusters: join(dataDir, 'clusters'),
  };
}

/** How to start the service; everything has a default. */
export interface InstallerServiceOptions {
  /** Default 8700; 0 asks the system for a free port. */
  port?: number;
  /** Default 127.0.0.1: the service listens on loopback only. */
  host?: string;
  dataDir?: string;
  logLevel?: LogLevel;
  bodyLimit?: number;
  heartbeatMs?: number;
  /** How wrong tokens are throttled (tests lower it); default five free, then doubling waits. */
  tokenThrottle?: ThrottlePolicy;
}

/** A running installer service. */
export interface RunningInstallerService {
  url: string;
  dataDir: string;
  /** The bearer token, and the file it is kept in (mode 0600). */
  token: string;
  tokenFile: string;
  tokenCreated: boolean;
  store: Store;
  /** Stops listening; running installs are marked `interrupted`, to be resumed after the next start. */
  stop(): Promise<void>;
}

/**
 * Starts the installer service: opens and migrates its database, marks installs that were
 * running when it last stopped `interrupted`, writes the service token and the credential key
 * on first start, and listens.
 */
export async function startInstallerService(options: InstallerServiceOptions = {}): Promise<RunningInstallerService> {
  const dataDir = resolve(options.dataDir ?? defaultDataDir());
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const files = dataFiles(dataDir);
  mkdirSync(files.clusters, { recursive: true, mode: 0o700 });
  const { value: token, created } = loadOrCreateToken(files.token);
  const box = CredentialBox.open(files.credentialKey);
  const db = await openDatabase(files.database);
  const store = new Store(db);
  const log = createLogger('installer-service', { level: options.logLevel ?? 'warn' });
  const runner = new InstallRunner({ store, box, clustersDir: files.clusters, log });
  try {
    await runner.recover();
    const app = await buildApp(
      { store, box, runner, log },
      {
        token,
        ...(options.logLevel ? { logLevel: options.logLevel } : {}),
        ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
        ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
        ...(options.tokenThrottle ? { tokenThrottle: options.tokenThrottle } : {}),
      },
    );
    const host = options.host ?? '127.0.0.1';
    await app.listen({ port: options.port ?? DEFAULT_PORT, host });
    const { port } = app.server.address() as AddressInfo;
    let stopping: Promise<void> | undefined;
    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      dataDir,
      token,
      tokenFile: files.token,
      tokenCreated: created,
      store,
      stop: () =>
        (stopping ??= (async () => {
          app.server.closeAllConnections();
          await app.close();
          await runner.stop();
          await db.close();
        })()),
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}
