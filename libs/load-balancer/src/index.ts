/**
 * @strata/load-balancer: the TCP pass-through load balancer that puts a local cluster's
 * apiservers behind one API endpoint (run by `node-agent load-balancer`).
 */
export { startLoadBalancer } from './load-balancer';
export type { LoadBalancer, LoadBalancerOptions, BackendStatus } from './load-balancer';
export { parseHostPort, formatHostPort } from './host-port';
export type { HostPort } from './host-port';
