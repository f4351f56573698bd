import { CLUSTER_API_VERSION, clusterToYaml, withDefaults } from '@strata/cluster-config';

/** The text a new draft starts from: a small local cluster with every default written out, as `clusterToYaml` renders it. */
export function newDocumentText(name = 'new-cluster'): string {
  return clusterToYaml(withDefaults({ apiVersion: CLUSTER_API_VERSION, kind: 'Cluster', metadata: { name }, spec: { platform: { local: {} } } }));
}
