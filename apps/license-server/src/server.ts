import { loadTrustedKeys, mergeTrustedKeys } from '@strata/licensing';
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from './config';
import type { Database } from '@strata/sql';
import { openDatabase } from './db/open-database';
import { buildApp } from './http/app';
import type { ServiceContext } from './services/context';
import { loadOrCreateSigningKey } from './services/signing-key';
import { VerificationCache } from './services/verification-cache';
import { newSecret } from './store/admin-repo';
import { createStore, type Store } from './store/store';

/** The version the server reports in /openapi.json. */
export const SERVER_VERSION = '0.1.0';

/** A running license server. */
export interface RunningServer {
  app: FastifyInstance;
  db: Database;
  /** Base URL, e.g. http://127.0.0.1:4100. */
  url: string;
  close(): Promise<void>;
}

/** What start-up wants to tell the operator (printed by main.ts). */
export type StartupNotice = { kind: 'admin-token-created'; token: string } | { kind: 'signing-key-created'; path: string; kid: string };

/**
 * Makes sure an admin can get in: LICENSE_ADMIN_TOKEN replaces the stored `env` token;
 * without it and with no token stored yet, one is created and returned to print once.
 * Only SHA-256 hashes of tokens are stored.
 */
export async function bootstrapAdmin(store: Store, adminToken: string | undefined): Promise<string | undefined> {
  if (adminToken) {
    await store.admin.putToken('env', adminToken, 'LICENSE_ADMIN_TOKEN');
    return undefined;
  }
  if ((await store.admin.countTokens()) > 0) return undefined;
  const token = newSecret('slat');
  await store.admin.putToken('initial', token, 'created on first start');
  return token;
}

/** Opens the database (migrating it), loads the signing key and trusted keys, and listens. */
export async function startServer(config: ServerConfig, notify: (notice: StartupNotice) => void = () => undefined): Promise<RunningServer> {
  const db = await openDatabase(config.database);
  try {
    const store = createStore(db);
    const created = await bootstrapAdmin(store, config.adminToken);
    if (created) notify({ kind: 'admin-token-created', token: created });
    const signingKey = loadOrCreateSigningKey(config.signingKeyPath);
    if (signingKey.created) notify({ kind: 'signing-key-created', path: config.signingKeyPath, kid: signingKey.kid });
    // The server accepts what products accept, plus its own key (which products may not ship yet).
    const trustedKeys = mergeTrustedKeys([
      { jwks: loadTrustedKeys().jwks, source: 'shipped and STRATA_LICENSE_TRUSTED_KEYS keys' },
      { jwks: signingKey.jwks, source: config.signingKeyPath },
    ]);
    const ctx: ServiceContext = { store, signingKey, trustedKeys, verifier: new VerificationCache(trustedKeys), now: () => new Date() };
    const app = await buildApp(ctx, { rateLimit: config.rateLimit, logLevel: config.logLevel, version: SERVER_VERSION, trustProxy: config.trustProxy });
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return {
      app,
      db,
      url: `http://${host}:${port}`,
      close: async () => {
        await app.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}
