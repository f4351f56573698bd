import { platformOf, type Cluster } from '@strata/cluster-config';
import { DRIVER_CONTRACT_VERSION, type Driver, type Platform } from '@strata/driver-api';
import { InputError } from '@strata/errors';

/**
 * How to load each platform's driver. Each entry imports its driver library only when
 * called, so an install on one platform never loads another platform's driver or its
 * cloud SDK (hundreds of modules, seconds of start-up).
 */
export type DriverLoaders = Partial<Record<Platform, () => Promise<Driver>>>;

/** The drivers of this build. */
export const DRIVER_LOADERS: DriverLoaders = {
  local: async () => (await import('@strata/driver-local')).localDriver,
  aws: async () => (await import('@strata/driver-aws')).awsDriver,
  azure: async () => (await import('@strata/driver-azure')).azureDriver,
};

/**
 * The driver for the cluster's platform, loaded from `loaders`.
 * @throws InputError when the platform has no driver in `loaders`, or its driver serves
 * another platform or implements another contract version than this installer's.
 */
export async function resolveDriver(loaders: DriverLoaders, cluster: Cluster): Promise<Driver> {
  const name = platformOf(cluster).name;
  const load = loaders[name];
  if (!load) {
    throw new InputError(`no driver for platform "${name}" in this build`, [
      {
        path: `spec.platform.${name}`,
        message: `installing on ${name} is not available yet; this build has drivers for: ${Object.keys(loaders).join(', ') || 'none'}`,
      },
    ]);
  }
  const driver = await load();
  if (driver.platform !== name) {
    throw new InputError(`the driver loaded for platform "${name}" serves platform "${driver.platform}"`, [
      { path: `spec.platform.${name}`, message: `this build's ${name} driver is miswired; reinstall the installer` },
    ]);
  }
  if (driver.contractVersion !== DRIVER_CONTRACT_VERSION) {
    throw new InputError(`the ${name} driver implements driver contract ${driver.contractVersion}, but this installer needs ${DRIVER_CONTRACT_VERSION}`, [
      {
        path: `spec.platform.${name}`,
        message: `use a ${name} driver built for contract ${DRIVER_CONTRACT_VERSION} (the installer and its drivers come from one release)`,
      },
    ]);
  }
  return driver;
}

/** The driver of this build for the cluster's platform; see {@link resolveDriver}. */
export function driverFor(cluster: Cluster): Promise<Driver> {
  return resolveDriver(DRIVER_LOADERS, cluster);
}
