/** Test helpers around Ignition configs. */
export { materialize } from './materialize';
