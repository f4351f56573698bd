import { createPrivateKey } from 'node:crypto';
import { generateLicenseKeyPair, trustedKeysFromJwks, type LicenseKeyPair } from '@strata/licensing';
import type { FastifyInstance } from 'fastify';
import type { Database, Dialect } from '@strata/sql';
import { openDatabase } from '../db/open-database';
import { buildApp, type AppOptions } from '../http/app';
import type { ServiceContext } from '../services/context';
import { VerificationCache } from '../services/verification-cache';
import { createStore } from '../store/store';
import { createThrowawayDatabase, type ThrowawayDatabase } from '@strata/sql/testing';

/** The admin token every test app accepts. */
export const TEST_ADMIN_TOKEN = 'slat_test-admin-token-0123456789abcdef';

/** An in-process app over a throwaway database, with a controllable clock. */
export interface TestApp {
  app: FastifyInstance;
  ctx: ServiceContext;
  db: Database;
  keys: LicenseKeyPair;
  /** Moves the app's clock. */
  setNow(date: Date): void;
  close(): Promise<void>;
}

export async function createTestApp(options: { dialect?: Dialect; now?: Date; app?: AppOptions } = {}): Promise<TestApp> {
  const test: ThrowawayDatabase = await createThrowawayDatabase(options.dialect ?? 'sqlite', 'license');
  const db = await openDatabase(test.url);
  const store = createStore(db);
  await store.admin.putToken('env', TEST_ADMIN_TOKEN, 'tests');
  const keys = generateLicenseKeyPair({ kid: 'test-server-key' });
  let now = options.now ?? new Date();
  const trustedKeys = trustedKeysFromJwks(keys.jwks);
  const ctx: ServiceContext = {
    store,
    signingKey: { kid: keys.kid, privateKey: createPrivateKey({ key: { ...keys.privateJwk }, format: 'jwk' }), jwks: keys.jwks },
    trustedKeys,
    verifier: new VerificationCache(trustedKeys),
    now: () => now,
  };
  const app = await buildApp(ctx, { logLevel: 'silent', rateLimit: { max: 10_000, timeWindowMs: 60_000 }, ...options.app });
  await app.ready();
  return {
    app,
    ctx,
    db,
    keys,
    setNow: (date) => {
      now = date;
    },
    close: async () => {
      await app.close();
      await db.close();
      await test.drop();
    },
  };
}

/** Headers for an admin API call with the test token. */
export const ADMIN = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
