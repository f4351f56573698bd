/**
 * `installer-service`: the long-running installer the console's installer wizard drives.
 * `node_modules/.bin/node --import tsx apps/installer-service/src/main.ts [--port 8700] [--host 127.0.0.1] [--data-dir …]`.
 */
import { Command } from 'commander';
import { exitCodeOf, formatError, InputError } from '@strata/errors';
import { LOG_LEVELS, type LogLevel } from '@strata/log';
import { DEFAULT_PORT, defaultDataDir, startInstallerService } from './server';

interface Flags {
  port?: string;
  host?: string;
  dataDir?: string;
  logLevel?: string;
}

function port(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > 65_535) {
    throw new InputError(`port "${value}" must be a whole number from 0 to 65535`, [{ path: 'port', message: 'must be 0 to 65535' }]);
  }
  return n;
}

function logLevel(value: string | undefined): LogLevel | undefined {
  if (value === undefined) return undefined;
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new InputError(`log level "${value}" is not one of ${LOG_LEVELS.join(', ')}`, [
      { path: 'log-level', message: `must be one of ${LOG_LEVELS.join(', ')}` },
    ]);
  }
  return value as LogLevel;
}

const program = new Command()
  .name('installer-service')
  .description('the installer service: validate, plan, run and watch installs over HTTP (API v1) for the console')
  .option('--port <port>', `port to listen on (STRATA_INSTALLER_PORT, default ${DEFAULT_PORT}; 0 = any free port)`)
  .option('--host <host>', 'address to listen on (STRATA_INSTALLER_HOST, default 127.0.0.1)')
  .option('--data-dir <dir>', `database, service token, credential key and cluster directories (STRATA_INSTALLER_DATA_DIR, default ${defaultDataDir()})`)
  .option('--log-level <level>', `log level (STRATA_INSTALLER_LOG_LEVEL, default warn): ${LOG_LEVELS.join(', ')}`)
  .action(async (flags: Flags) => {
    const env = process.env;
    const dataDir = flags.dataDir ?? env['STRATA_INSTALLER_DATA_DIR'];
    const level = logLevel(flags.logLevel ?? env['STRATA_INSTALLER_LOG_LEVEL']);
    const service = await startInstallerService({
      port: port(flags.port ?? env['STRATA_INSTALLER_PORT'] ?? String(DEFAULT_PORT)),
      host: flags.host ?? env['STRATA_INSTALLER_HOST'] ?? '127.0.0.1',
      ...(dataDir ? { dataDir } : {}),
      ...(level ? { logLevel: level } : {}),
    });
    if (service.tokenCreated) process.stderr.write(`installer-service: created the service token in ${service.tokenFile} (mode 0600)\n`);
    process.stderr.write(`installer-service: data in ${service.dataDir}\n`);
    process.stderr.write(`installer-service: listening on ${service.url} (token in ${service.tokenFile})\n`);
    let closing = false;
    const shutdown = () => {
      if (closing) return;
      closing = true;
      service.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`installer-service: ${formatError(error)}\n`);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`installer-service: ${formatError(error)}\n`);
  process.exit(exitCodeOf(error));
});
