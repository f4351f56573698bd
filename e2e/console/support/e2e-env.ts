/**
 * What the global setup hands to the tests, through environment variables (Playwright
 * starts its workers after the global setup, with its environment).
 */
export const E2E_ENV = {
  adminPassword: 'STRATA_E2E_ADMIN_PASSWORD',
  kubeconfig: 'STRATA_E2E_KUBECONFIG',
  licenseFile: 'STRATA_E2E_LICENSE_FILE',
  clusterName: 'STRATA_E2E_CLUSTER_NAME',
  workDir: 'STRATA_E2E_DIR',
  dexConfig: 'STRATA_E2E_DEX_CONFIG',
  dexIssuer: 'STRATA_E2E_DEX_ISSUER',
  installerTokenFile: 'STRATA_E2E_INSTALLER_TOKEN_FILE',
  installerUrl: 'STRATA_E2E_INSTALLER_URL',
} as const;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the console e2e global setup did not run`);
  return value;
}

/** The test environment the global setup prepared. */
export const e2e = {
  get adminPassword(): string {
    return required(E2E_ENV.adminPassword);
  },
  get kubeconfig(): string {
    return required(E2E_ENV.kubeconfig);
  },
  get licenseFile(): string {
    return required(E2E_ENV.licenseFile);
  },
  get clusterName(): string {
    return required(E2E_ENV.clusterName);
  },
  get workDir(): string {
    return required(E2E_ENV.workDir);
  },
  get dexConfig(): string {
    return required(E2E_ENV.dexConfig);
  },
  get dexIssuer(): string {
    return required(E2E_ENV.dexIssuer);
  },
  /** The installer service's token file: the token the console presents, which no answer may carry. */
  get installerTokenFile(): string {
    return required(E2E_ENV.installerTokenFile);
  },
  /** The installer service's URL, for what only the service answers (the asset archives). */
  get installerUrl(): string {
    return required(E2E_ENV.installerUrl);
  },
};

/** The namespace the suites put their workloads in. */
export const E2E_NAMESPACE = 'e2e';
