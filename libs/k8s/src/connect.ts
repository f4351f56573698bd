import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';

/** A cluster connection from a kubeconfig file, optionally pointed at another server URL. */
export function kubeConfigFromFile(path: string, server?: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  if (server) {
    const cluster = kc.getCurrentCluster();
    if (cluster) {
      kc.clusters = kc.clusters.map((c) => (c.name === cluster.name ? { ...c, server } : c));
    }
  }
  return kc;
}

export function coreApi(kc: KubeConfig): CoreV1Api {
  return kc.makeApiClient(CoreV1Api);
}
