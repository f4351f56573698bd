import { resolve } from 'node:path';
import { InputError } from '@strata/errors';
import { migrated, PostgresDatabase, SqliteDatabase, type Database } from '@strata/sql';
import { migrate } from './migrations';

/**
 * Opens and migrates the database a setting names: `postgres://…` (or `postgresql://`) for
 * PostgreSQL, `sqlite:/path/file.db` or a plain file path for SQLite, `sqlite::memory:` for
 * an in-memory one.
 */
export async function openDatabase(setting: string, cwd = process.cwd()): Promise<Database> {
  const value = setting.trim();
  let db: Database;
  if (value.startsWith('postgres://') || value.startsWith('postgresql://')) {
    db = new PostgresDatabase(value, { max: 10 });
  } else {
    const path = value.startsWith('sqlite:') ? value.slice('sqlite:'.length) : value;
    if (path === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
      throw new InputError(`the update server database must be sqlite:/path/file.db, a file path or postgres://… (got "${value.split(':')[0]}:…")`, [
        { path: 'db', message: 'must be sqlite:/path/file.db, a file path or postgres://user:password@host:5432/database' },
      ]);
    }
    db = new SqliteDatabase(path === ':memory:' ? path : resolve(cwd, path));
  }
  return migrated(db, migrate);
}
