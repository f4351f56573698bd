import type { Driver, DriverCatalog } from '@strata/driver-api';
import { InputError, NotFoundError } from '@strata/errors';
import type { Provider } from '@strata/install-contract';
import { DRIVER_LOADERS } from '@strata/install-engine';

const TITLES: Record<string, string> = { local: 'This machine', aws: 'Amazon Web Services', azure: 'Microsoft Azure', openstack: 'OpenStack' };

/** The platforms this build has a driver for. */
export function platforms(): string[] {
  return Object.keys(DRIVER_LOADERS);
}

/**
 * The driver of `platform`, for calls made before there is a cluster.
 * @throws InputError naming `field` when this build has no driver for it.
 */
export async function driverOfPlatform(platform: string, field = 'platform'): Promise<Driver> {
  const load = DRIVER_LOADERS[platform as keyof typeof DRIVER_LOADERS];
  if (!load) {
    throw new InputError(`no driver for platform "${platform}" in this build`, [{ path: field, message: `must be one of: ${platforms().join(', ')}` }]);
  }
  return load();
}

/** What a form shows of a platform. A driver without a catalog takes no credentials, has no lookups and no prices. */
export function providerOf(driver: Driver): Provider {
  const catalog: DriverCatalog | undefined = driver.catalog;
  return {
    platform: driver.platform,
    title: catalog?.title ?? TITLES[driver.platform] ?? driver.platform,
    contractVersion: driver.contractVersion,
    credentialKinds: (catalog?.credentialKinds ?? []).map((k) => ({
      kind: k.kind,
      title: k.title,
      fields: k.fields.map((f) => ({ name: f.name, title: f.title, secret: f.secret, ...(f.optional !== undefined ? { optional: f.optional } : {}) })),
    })),
    lookups: [...(catalog?.lookups ?? [])],
    machineTypes: (catalog?.machineTypes ?? []).map((m) => ({ size: m.size, type: m.type, cpus: m.cpus, memoryGiB: m.memoryGiB })),
    prices: catalog?.prices ? { asOf: catalog.prices.asOf, currency: catalog.prices.currency, source: catalog.prices.source } : null,
  };
}

/** Every provider of this build. */
export async function listProviders(): Promise<Provider[]> {
  return Promise.all(platforms().map(async (p) => providerOf(await driverOfPlatform(p))));
}

/** The catalog of `platform`, or a NotFoundError naming what it lacks. */
export function catalogOf(driver: Driver, what: string): DriverCatalog {
  if (!driver.catalog) throw new NotFoundError(`the ${driver.platform} driver has no ${what}`);
  return driver.catalog;
}
