import { migrated, SqliteDatabase, type Database } from '@strata/sql';
import { migrate } from './migrations';

/** Opens (creating it owner-only) and migrates the service's SQLite database at `path`, in WAL mode. */
export async function openDatabase(path: string): Promise<Database> {
  const db = new SqliteDatabase(path);
  return migrated(db, migrate);
}
