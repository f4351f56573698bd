import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Cluster } from '@strata/cluster-config';

/** Where a local cluster lives: `<stateDir>/<cluster>/`, with one directory per machine. */
export interface LocalPaths {
  stateDir: string;
  clusterDir: string;
  networkFile: string;
  lbDir: string;
  kwokDir: string;
  machineDir(name: string): string;
  machineRoot(name: string): string;
}

export function expandHome(path: string): string {
  return path === '~' ? homedir() : path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
}

export function localPaths(cluster: Cluster): LocalPaths {
  const local = cluster.spec.platform.local;
  if (!local) throw new TypeError(`cluster ${cluster.metadata.name} is not a local cluster`);
  const stateDir = resolve(expandHome(local.stateDir));
  const clusterDir = join(stateDir, cluster.metadata.name);
  return {
    stateDir,
    clusterDir,
    networkFile: join(clusterDir, 'network.json'),
    lbDir: join(clusterDir, 'load-balancer'),
    kwokDir: join(clusterDir, 'kwok'),
    machineDir: (name) => join(clusterDir, 'machines', name),
    machineRoot: (name) => join(clusterDir, 'machines', name, 'root'),
  };
}
