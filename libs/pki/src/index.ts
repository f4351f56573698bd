export { generatePki } from './generate';
export { pkiFiles, filesForMachine, CA_KEY_PATHS } from './files';
export { loadPki } from './load';
export type { LoadableFile } from './load';
export { readPkiDirectory, writePkiFiles } from './asset-directory';
export { renderKubeconfig } from './kubeconfig';
export type { KubeconfigInput } from './kubeconfig';
export { resolvePkiPlan, CA_VALIDITY_DAYS, DEFAULT_VALIDITY_DAYS } from './plan';
export type { PkiPlan, ResolvedPkiPlan, ResolvedMember } from './plan';
export type {
  CaName,
  CertifiedKey,
  ExistingPki,
  MachineLeafName,
  MachineRole,
  PkiBundle,
  PkiCertificates,
  PkiFile,
  PkiKubeconfigs,
  ServiceAccountKeys,
  SharedLeafName,
} from './types';
