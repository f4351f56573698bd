export { startArmServer } from './server';
export type { ArmServer, ArmServerOptions, RequestMatch } from './server';
export { ensureArmTestCa, armTestCaDir, armTestCaEnv, trustArmTestCaInProcess } from './ca';
export type { ArmTestCa } from './ca';
export { DEFAULT_VM_SIZES } from './catalog';
export type { VmSize } from './catalog';
