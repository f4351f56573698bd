export { kubeConfigFromFile, coreApi } from './connect';
export { readyStatus, listAllNodes, labelNode } from './nodes';
