import { describe, expect, it } from 'vitest';
import { installerServiceConfig } from './service-config';

describe('installerServiceConfig', () => {
  it.each([
    [{}, 'http://127.0.0.1:8700', '/home/u/.local/share/strata/installer-service/service-token'],
    [{ XDG_DATA_HOME: '/data' }, 'http://127.0.0.1:8700', '/data/strata/installer-service/service-token'],
    [{ STRATA_INSTALLER_DATA_DIR: '/srv/installer' }, 'http://127.0.0.1:8700', '/srv/installer/service-token'],
    [{ STRATA_INSTALLER_URL: 'http://10.0.0.5:9000/', STRATA_INSTALLER_TOKEN_FILE: '/run/token' }, 'http://10.0.0.5:9000', '/run/token'],
  ])('with %j finds %s and %s', (env, url, tokenFile) => {
    expect(installerServiceConfig(env, '/home/u')).toEqual({ url, tokenFile });
  });
});
