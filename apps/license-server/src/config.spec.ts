import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config';

describe('resolveConfig', () => {
  it('defaults to port 4100 on loopback with SQLite under ./.strata/license-server', () => {
    expect(resolveConfig({}, {}, '/srv')).toEqual({
      host: '127.0.0.1',
      port: 4100,
      database: 'sqlite:/srv/.strata/license-server/license.db',
      signingKeyPath: '/srv/.strata/license-server/signing-key.private.jwk.json',
      rateLimit: { max: 120, timeWindowMs: 60_000 },
      logLevel: 'warn',
      trustProxy: false,
    });
  });

  it('reads the environment', () => {
    const config = resolveConfig(
      {},
      {
        LICENSE_PORT: '4200',
        LICENSE_HOST: '0.0.0.0',
        LICENSE_DB: 'postgres://u:p@db:5432/licensing',
        LICENSE_SIGNING_KEY: 'keys/prod.jwk.json',
        LICENSE_ADMIN_TOKEN: 'a-very-long-admin-token-0123456789',
        LICENSE_RATE_LIMIT_MAX: '600',
        LICENSE_RATE_LIMIT_WINDOW_MS: '1000',
        LICENSE_LOG_LEVEL: 'info',
      },
      '/srv',
    );
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 4200,
      database: 'postgres://u:p@db:5432/licensing',
      signingKeyPath: '/srv/keys/prod.jwk.json',
      adminToken: 'a-very-long-admin-token-0123456789',
      rateLimit: { max: 600, timeWindowMs: 1000 },
      logLevel: 'info',
    });
  });

  it('lets flags win over the environment', () => {
    expect(resolveConfig({ port: '0', db: 'sqlite:/tmp/x.db' }, { LICENSE_PORT: '4200', LICENSE_DB: 'postgres://x' }, '/srv')).toMatchObject({
      port: 0,
      database: 'sqlite:/tmp/x.db',
    });
  });

  it.each([
    [{ port: 'http' }, {}, 'port'],
    [{ port: '70000' }, {}, 'port'],
    [{}, { LICENSE_ADMIN_TOKEN: 'short' }, 'LICENSE_ADMIN_TOKEN'],
    [{}, { LICENSE_RATE_LIMIT_MAX: '0' }, 'LICENSE_RATE_LIMIT_MAX'],
    [{}, { LICENSE_LOG_LEVEL: 'verbose' }, 'LICENSE_LOG_LEVEL'],
  ])('refuses %j %j naming %s', (flags, env, path) => {
    expect(() => resolveConfig(flags, env, '/srv')).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ path })] }));
  });
});
