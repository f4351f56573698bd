import { resolve } from 'node:path';
import { InputError } from '@strata/errors';
import { migrated, PostgresDatabase, SqliteDatabase, type Database } from '@strata/sql';
import { migrate } from './migrations';

/** Where the embedded database lives when LICENSE_DB is not set, relative to the working directory. */
export const DEFAULT_SQLITE_PATH = '.strata/license-server/license.db';

/**
 * Opens the database a LICENSE_DB setting names and migrates it:
 * `sqlite:/path/file.db` (or `sqlite::memory:`) for the embedded default,
 * `postgres://user:pass@host:5432/db` (or `postgresql://`) for production.
 */
export async function openDatabase(setting: string | undefined, cwd = process.cwd()): Promise<Database> {
  const value = setting?.trim() || `sqlite:${DEFAULT_SQLITE_PATH}`;
  let db: Database;
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length);
    if (path === '') throw new InputError('LICENSE_DB sqlite: needs a file path, e.g. sqlite:./license.db');
    db = new SqliteDatabase(path === ':memory:' ? path : resolve(cwd, path));
  } else if (value.startsWith('postgres://') || value.startsWith('postgresql://')) {
    db = new PostgresDatabase(value);
  } else {
    throw new InputError(`LICENSE_DB must start with sqlite: or postgres:// (got "${value.split(':')[0]}:...")`, [
      { path: 'LICENSE_DB', message: 'must be sqlite:/path/file.db or postgres://user:password@host:5432/database' },
    ]);
  }
  return migrated(db, migrate);
}
