import type { ConformanceChild } from '@strata/driver-api/conformance';
import { awsDriver } from '../aws-driver';
import { awsContext, type AwsContextRef } from './aws-context';

/** The AWS driver in the conformance suite's crash case, which runs an apply in a child process. */
export const conformanceChild: ConformanceChild = {
  driver: awsDriver,
  restoreContext: (ref) => Promise.resolve(awsContext(JSON.parse(ref) as AwsContextRef)),
};
