/**
 * `update-server`: Strata's Omaha update server.
 * `node_modules/.bin/node --import tsx apps/update-server/src/main.ts [--port 8600] [--db …] [--data-dir …]`.
 */
import { Command } from 'commander';
import { exitCodeOf, formatError, InputError } from '@strata/errors';
import { DEFAULT_PORT, defaultDataDir, startUpdateServer } from './server';

interface Flags {
  port?: string;
  host?: string;
  db?: string;
  dataDir?: string;
  publicUrl?: string;
}

function port(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > 65_535)
    throw new InputError(`port "${value}" must be a whole number from 0 to 65535`, [{ path: 'port', message: 'must be 0 to 65535' }]);
  return n;
}

const program = new Command()
  .name('update-server')
  .description("Strata's Omaha update server: update checks and events of the machines, payload downloads, the admin API")
  .option('--port <port>', `port to listen on (STRATA_UPDATE_PORT, default ${DEFAULT_PORT}; 0 = any free port)`)
  .option('--host <host>', 'address to listen on (STRATA_UPDATE_HOST, default 127.0.0.1)')
  .option(
    '--db <setting>',
    'sqlite:/path/file.db, a file path or postgres://user:password@host:5432/db (STRATA_UPDATE_DATABASE_URL, default <data dir>/updates.db)',
  )
  .option('--data-dir <dir>', `payloads, the admin token and the default database (STRATA_UPDATE_DATA_DIR, default ${defaultDataDir()})`)
  .option('--public-url <url>', 'base URL machines download payloads from (STRATA_UPDATE_PUBLIC_URL, default: the Host of each request)')
  .action(async (flags: Flags) => {
    const env = process.env;
    const publicUrl = flags.publicUrl ?? env['STRATA_UPDATE_PUBLIC_URL'];
    const database = flags.db ?? env['STRATA_UPDATE_DATABASE_URL'];
    const dataDir = flags.dataDir ?? env['STRATA_UPDATE_DATA_DIR'];
    const server = await startUpdateServer({
      port: port(flags.port ?? env['STRATA_UPDATE_PORT'] ?? String(DEFAULT_PORT)),
      host: flags.host ?? env['STRATA_UPDATE_HOST'] ?? '127.0.0.1',
      ...(database ? { database } : {}),
      ...(dataDir ? { dataDir } : {}),
      ...(publicUrl ? { publicUrl } : {}),
    });
    if (server.tokenCreated) process.stderr.write(`update-server: created the admin token in ${server.tokenFile} (mode 0600)\n`);
    process.stderr.write(`update-server: database ${server.db.description}, data in ${server.dataDir}\n`);
    process.stderr.write(`update-server: listening on ${server.url} (Omaha endpoint ${server.url}/v1/update/)\n`);
    let closing = false;
    const shutdown = () => {
      if (closing) return;
      closing = true;
      server.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`update-server: ${formatError(error)}\n`);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`update-server: ${formatError(error)}\n`);
  process.exit(exitCodeOf(error));
});
