import { resolve, join } from 'node:path';
import { InputError } from '@strata/errors';
import { migrated, PostgresDatabase, SqliteDatabase, type Database } from '@strata/sql';
import { migrate } from '../db/migrations';
import { loadSecretKey, type SecretKey } from '../secrets/secret-key';
import { defaultDataDir, ensurePrivateDir } from './data-dir';

/** Environment variable naming the console's database (`sqlite:<path>` or `postgres://…`). */
export const CONSOLE_DB_ENV = 'CONSOLE_DB';

/** Options of {@link openConsoleStore}. */
export interface OpenConsoleStoreOptions {
  /**
   * `sqlite:<path>` (relative paths from the working directory), `postgres://…` or
   * `postgresql://…`. Default: $CONSOLE_DB, else `sqlite:<data dir>/console.db`.
   */
  url?: string;
  /** Where the SQLite database and the secret key file live; default {@link defaultDataDir}. */
  dataDir?: string;
  /** Environment to read CONSOLE_DB, STRATA_CONSOLE_DATA_DIR and STRATA_CONSOLE_SECRET_KEY from; default `process.env`. */
  env?: Record<string, string | undefined>;
}

/**
 * The console's persistent state: users, sessions, the cluster registry, license state and
 * the audit log. Pass it to this library's functions; `db` is the query layer underneath.
 */
export interface ConsoleStore {
  readonly db: Database;
  readonly dialect: Database['dialect'];
  /** A redacted description of where the data lives, for logs. */
  readonly description: string;
  /** Directory of the secret key file (and of the default SQLite database). */
  readonly dataDir: string;
  /** The key that seals kubeconfigs at rest; loaded (or created) on first use. */
  secretKey(): SecretKey;
  close(): Promise<void>;
}

function openDatabase(url: string, dataDir: string): Database {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '')
      throw new InputError('CONSOLE_DB sqlite: needs a file path, e.g. sqlite:./console.db', [
        { path: CONSOLE_DB_ENV, message: 'must name a file after sqlite:' },
      ]);
    if (path === ':memory:') return new SqliteDatabase(path);
    const file = resolve(path);
    // The default location lives in the private data directory; a path given explicitly gets
    // its missing directories created private as well.
    ensurePrivateDir(file === join(dataDir, 'console.db') ? dataDir : resolve(file, '..'));
    return new SqliteDatabase(file);
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return new PostgresDatabase(url);
  throw new InputError(`CONSOLE_DB must start with sqlite: or postgres:// (got "${url.split(':')[0]}:...")`, [
    { path: CONSOLE_DB_ENV, message: 'must be sqlite:/path/console.db or postgres://user:password@host:5432/database' },
  ]);
}

class Store implements ConsoleStore {
  readonly dialect: Database['dialect'];
  readonly description: string;
  private key: SecretKey | undefined;

  constructor(
    readonly db: Database,
    readonly dataDir: string,
    private readonly env: Record<string, string | undefined>,
  ) {
    this.dialect = db.dialect;
    this.description = db.description;
  }

  secretKey(): SecretKey {
    this.key ??= loadSecretKey({ dataDir: this.dataDir, env: this.env });
    return this.key;
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

/**
 * Opens the console's database and brings its schema up to date: SQLite by default (WAL,
 * in a data directory created 0700), PostgreSQL when the URL is `postgres://…`.
 * @throws InputError for a URL of another kind.
 */
export async function openConsoleStore(options: OpenConsoleStoreOptions = {}): Promise<ConsoleStore> {
  const env = options.env ?? process.env;
  // Runtime data, not a file to trace into the server build.
  const dataDir = resolve(/*turbopackIgnore: true*/ options.dataDir ?? defaultDataDir(env));
  const url = options.url?.trim() || env[CONSOLE_DB_ENV]?.trim() || `sqlite:${join(dataDir, 'console.db')}`;
  const db = await migrated(openDatabase(url, dataDir), migrate);
  return new Store(db, dataDir, env);
}
