import { MACHINE_TYPE_TABLE, MACHINE_TYPES } from '@strata/cluster-config';
import type { DriverCatalog } from '@strata/driver-api';
import { InputError } from '@strata/errors';

/**
 * What a form needs of the local platform: no credential, nothing to look up, the capacity
 * classes a local machine's Node advertises, and no price table (a local cluster costs
 * nothing beyond this machine, so every step of its plan estimates at 0).
 */
export const localCatalog: DriverCatalog = {
  title: 'Local machine',
  credentialKinds: [],
  lookups: [],
  machineTypes: MACHINE_TYPES.map((size) => {
    const { name, vcpus, memoryGiB } = MACHINE_TYPE_TABLE.local[size];
    return { size, type: name, cpus: vcpus, memoryGiB };
  }),
  prices: null,
  verifyCredential() {
    return Promise.reject(
      new InputError('the local platform takes no credential', [
        { path: 'kind', message: 'local clusters run on this machine without one; leave the credential out' },
      ]),
    );
  },
  lookup(name) {
    return Promise.reject(new InputError(`the local platform has no lookup ${name}`, [{ path: 'lookup', message: 'the local platform has no lookups' }]));
  },
  estimate(_cluster, plan) {
    return plan.steps.map((step) => ({ stepId: step.id, monthlyCost: 0 }));
  },
};
