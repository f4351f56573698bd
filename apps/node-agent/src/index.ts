/**
 * @strata/node-agent: the machine daemon of a local Strata machine and its supervisor, as
 * functions (the `node-agent` command line is src/main.ts; its `load-balancer` command
 * runs @strata/load-balancer).
 */
export { startNodeAgent, defaultApiServer, HEALTHZ_PORT } from './agent';
export type { NodeAgentOptions, RunningNodeAgent } from './agent';
export { loadNodeAgentConfig, parseNodeAgentConfig, configPath } from './config/load-config';
export { binaryForImage, binaryNameForImage } from './static-pods/image-binary';
export { StaticPodSupervisor } from './static-pods/supervisor';
export type { SupervisorOptions } from './static-pods/supervisor';
export type { StaticPodState, StaticPodStatus } from './static-pods/pod-status';
export { DEFAULT_RESTART_BACKOFF } from './static-pods/restart-backoff';
export type { RestartBackoff } from './static-pods/restart-backoff';
export { NodeRegistrar, NODE_LEASE_NAMESPACE, LEASE_DURATION_SECONDS } from './node/node-registrar';
export type { RegistrationStatus, RegistrarOptions } from './node/node-registrar';
export { newNode, nodeStatus, selfLabels, goArch, AGENT_VERSION, KUBELET_PORT, STATIC_PODS_CONDITION } from './node/node-object';
export type { NodeFacts, NodeHealth } from './node/node-object';
export { isSelfSettableLabel, splitSelfLabels } from './node/self-labels';
export { machineIdentity } from './node/machine-identity';
export type { MachineIdentity } from './node/machine-identity';
export { machineSize, MAX_PODS } from './node/machine-size';
export type { MachineSize } from './node/machine-size';
export { kubeClients } from './node/kube-clients';
export type { KubeClients } from './node/kube-clients';
export { NodeAgentStatusSchema } from './status/agent-status';
export type { NodeAgentStatus } from './status/agent-status';
export { pidFilePath, statusFilePath, readNodeAgentStatus } from './status/run-files';
export { superviseMachine } from './machine/machine-supervisor';
export type { MachineSupervisor, MachineSupervisorOptions } from './machine/machine-supervisor';
export { MachineStatusSchema, machineStatusPath, readMachineStatus } from './machine/machine-status';
export type { MachineStatus } from './machine/machine-status';
export { nodeAgentProgram } from './cli/program';
