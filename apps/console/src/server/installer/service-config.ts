import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the installer service listens unless `STRATA_INSTALLER_URL` says otherwise (docs/installer-service.md). */
export const DEFAULT_INSTALLER_URL = 'http://127.0.0.1:8700';

/** Where the console finds the installer service and the token it presents to it. */
export interface InstallerServiceConfig {
  /** Base URL without a trailing slash. */
  url: string;
  /** The service token file (mode 0600, written by the service on its first start). */
  tokenFile: string;
}

/**
 * The installer service's address and token file: `STRATA_INSTALLER_URL` (default
 * http://127.0.0.1:8700) and `STRATA_INSTALLER_TOKEN_FILE` (default: `service-token` in the
 * service's data directory, `${XDG_DATA_HOME:-~/.local/share}/strata/installer-service`, the
 * same rule the service follows, so both find it on one machine without configuration).
 */
export function installerServiceConfig(env: Record<string, string | undefined> = process.env, home: string = homedir()): InstallerServiceConfig {
  const url = (env['STRATA_INSTALLER_URL']?.trim() || DEFAULT_INSTALLER_URL).replace(/\/+$/, '');
  const dataHome = env['XDG_DATA_HOME']?.trim() || join(home, '.local/share');
  const dataDir = env['STRATA_INSTALLER_DATA_DIR']?.trim() || join(dataHome, 'strata/installer-service');
  const tokenFile = env['STRATA_INSTALLER_TOKEN_FILE']?.trim() || join(dataDir, 'service-token');
  return { url, tokenFile };
}
