import { exitCodeOf, formatError } from '@strata/errors';
import { Command } from 'commander';
import { resolveConfig, type ServerFlags } from './config';
import { startServer, type StartupNotice } from './server';

function describe(notice: StartupNotice): string {
  return notice.kind === 'admin-token-created'
    ? `Created the first admin token (shown only this once; only its hash is stored): ${notice.token} . Sign in at /admin with it, or send it as "Authorization: Bearer <token>".`
    : `Created license signing key ${notice.kid} at ${notice.path}. Products trust licenses it signs only when its public JWKS (${notice.path.replace(/(\.private)?\.jwk\.json$/, '.jwks.json')}) is listed in STRATA_LICENSE_TRUSTED_KEYS.`;
}

const program = new Command()
  .name('license-server')
  .description('Strata license server: licenses, activations, usage reports, validation and the vendor admin UI')
  .option('--port <port>', 'port to listen on (LICENSE_PORT, default 4100)')
  .option('--host <host>', 'address to listen on (LICENSE_HOST, default 127.0.0.1)')
  .option('--db <setting>', 'sqlite:/path/file.db or postgres://user:password@host:5432/db (LICENSE_DB)')
  .option('--signing-key <file>', 'private JWK of the license signing key; created when missing (LICENSE_SIGNING_KEY)')
  .action(async (flags: ServerFlags) => {
    const config = resolveConfig(flags);
    const notices: StartupNotice[] = [];
    const server = await startServer(config, (notice) => notices.push(notice));
    // Life-cycle lines go through the server's pino logger at info, whatever level requests log at.
    const log = server.app.log.child({ component: 'lifecycle' }, { level: 'info' });
    for (const notice of notices) log.info({ notice: notice.kind }, describe(notice));
    log.info({ url: server.url, database: server.db.description }, `license server listening on ${server.url}`);
    let closing = false;
    const shutdown = (signal: string) => {
      if (closing) return;
      closing = true;
      log.info({ signal }, 'closing');
      server.close().then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, formatError(error));
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  // Start-up failed before there is a server (and a logger): say why on stderr.
  process.stderr.write(`license-server: ${formatError(error)}\n`);
  process.exit(exitCodeOf(error));
});
