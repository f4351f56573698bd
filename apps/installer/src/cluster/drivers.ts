import { platformOf, type Cluster } from '@strata/cluster-config';
import { DRIVER_CONTRACT_VERSION, type Driver } from '@strata/driver-api';
import { InputError } from '@strata/errors';
import { localDriver } from '@strata/driver-local';

const DRIVERS: Partial<Record<string, Driver>> = { local: localDriver };

/** The driver for the cluster's platform; refuses platforms without a driver and drivers of another contract version. */
export function driverFor(cluster: Cluster): Driver {
  const name = platformOf(cluster).name;
  const driver = DRIVERS[name];
  if (!driver) {
    throw new InputError(`no driver for platform "${name}" in this build`, [
      { path: `spec.platform.${name}`, message: `installing on ${name} is not available yet; use spec.platform.local` },
    ]);
  }
  if (driver.contractVersion !== DRIVER_CONTRACT_VERSION) {
    throw new InputError(`the ${name} driver implements contract ${driver.contractVersion}, this installer needs ${DRIVER_CONTRACT_VERSION}`);
  }
  return driver;
}
