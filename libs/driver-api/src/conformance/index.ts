export { describeDriverConformance } from './driver-conformance';
export type { ConformanceHarness, ProviderResource } from './driver-conformance';
export { withInjectedFaults } from './faults';
export type { FaultInjection, FaultKind, InjectedFault } from './faults';
export type { ConformanceChild } from './child-apply';
export { offlineContext } from './offline-context';
export { rejectionOf, withoutEnv } from './spec-helpers';
