export { describeDriverConformance } from './driver-conformance';
export type { ConformanceHarness } from './driver-conformance';
