import type { ConformanceChild } from '@strata/driver-api/conformance';
import { azureDriver } from '../azure-driver';
import { azureContext, type AzureContextRef } from './azure-context';

/** The Azure driver in the conformance suite's crash case, which runs an apply in a child process. */
export const conformanceChild: ConformanceChild = {
  driver: azureDriver,
  restoreContext: (ref) => Promise.resolve(azureContext(JSON.parse(ref) as AzureContextRef)),
};
