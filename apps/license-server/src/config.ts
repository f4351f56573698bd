import { join, resolve } from 'node:path';
import { InputError } from '@strata/errors';
import { LOG_LEVELS, type LogLevel } from '@strata/log';
import { DEFAULT_RATE_LIMIT } from './http/app';

/** Everything the server needs to start. */
export interface ServerConfig {
  host: string;
  port: number;
  /** LICENSE_DB setting: `sqlite:/path/file.db` or `postgres://...`. */
  database: string;
  /** Private JWK file of the license signing key; created when missing. */
  signingKeyPath: string;
  /** An admin token to accept (only its hash is stored). */
  adminToken?: string;
  rateLimit: { max: number; timeWindowMs: number };
  logLevel: LogLevel;
  /** Whether X-Forwarded-* headers from a reverse proxy are trusted. */
  trustProxy: boolean;
}

export const DEFAULT_PORT = 4100;
export const DEFAULT_DATA_DIR = '.strata/license-server';

/** Command-line flags of `main.ts`; they win over the environment. */
export interface ServerFlags {
  port?: string;
  host?: string;
  db?: string;
  signingKey?: string;
}

function logLevel(value: string): LogLevel {
  const level = LOG_LEVELS.find((l) => l === value);
  if (!level)
    throw new InputError(`LICENSE_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`, [
      { path: 'LICENSE_LOG_LEVEL', message: `"${value}" is not a log level; use one of ${LOG_LEVELS.join(', ')}` },
    ]);
  return level;
}

function wholeNumber(name: string, value: string, min: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min)
    throw new InputError(`${name} must be a whole number of at least ${min}`, [{ path: name, message: `must be a whole number of at least ${min}` }]);
  return n;
}

/**
 * Resolves the configuration from flags, then environment, then defaults:
 * LICENSE_PORT (4100), LICENSE_HOST (127.0.0.1), LICENSE_DB (sqlite under LICENSE_DATA_DIR),
 * LICENSE_DATA_DIR (./.strata/license-server), LICENSE_SIGNING_KEY (<data dir>/signing-key.private.jwk.json),
 * LICENSE_ADMIN_TOKEN, LICENSE_RATE_LIMIT_MAX (120) per LICENSE_RATE_LIMIT_WINDOW_MS (60000),
 * LICENSE_LOG_LEVEL (warn), LICENSE_TRUST_PROXY (false).
 */
export function resolveConfig(flags: ServerFlags = {}, env: Record<string, string | undefined> = process.env, cwd = process.cwd()): ServerConfig {
  const dataDir = resolve(cwd, env['LICENSE_DATA_DIR'] || DEFAULT_DATA_DIR);
  // Port 0 asks the system for any free port; the listening line says which.
  const port = wholeNumber('port', flags.port ?? env['LICENSE_PORT'] ?? String(DEFAULT_PORT), 0);
  if (port > 65_535) throw new InputError('port must be at most 65535', [{ path: 'port', message: 'must be at most 65535' }]);
  const adminToken = env['LICENSE_ADMIN_TOKEN']?.trim();
  if (adminToken !== undefined && adminToken !== '' && adminToken.length < 24) {
    throw new InputError('LICENSE_ADMIN_TOKEN is too short', [
      { path: 'LICENSE_ADMIN_TOKEN', message: 'must be at least 24 random characters (e.g. openssl rand -base64 32)' },
    ]);
  }
  return {
    host: flags.host ?? env['LICENSE_HOST'] ?? '127.0.0.1',
    port,
    database: flags.db ?? env['LICENSE_DB'] ?? `sqlite:${join(dataDir, 'license.db')}`,
    signingKeyPath: resolve(cwd, flags.signingKey ?? env['LICENSE_SIGNING_KEY'] ?? join(dataDir, 'signing-key.private.jwk.json')),
    ...(adminToken ? { adminToken } : {}),
    rateLimit: {
      max: env['LICENSE_RATE_LIMIT_MAX'] ? wholeNumber('LICENSE_RATE_LIMIT_MAX', env['LICENSE_RATE_LIMIT_MAX'], 1) : DEFAULT_RATE_LIMIT.max,
      timeWindowMs: env['LICENSE_RATE_LIMIT_WINDOW_MS']
        ? wholeNumber('LICENSE_RATE_LIMIT_WINDOW_MS', env['LICENSE_RATE_LIMIT_WINDOW_MS'], 1)
        : DEFAULT_RATE_LIMIT.timeWindowMs,
    },
    logLevel: logLevel(env['LICENSE_LOG_LEVEL'] ?? 'warn'),
    trustProxy: env['LICENSE_TRUST_PROXY'] === 'true',
  };
}
