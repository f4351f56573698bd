import { stringify } from 'yaml';
import type { Cluster } from './schema/cluster-schema';

/**
 * Renders a Cluster as YAML in the field order of the schema, e.g. for
 * `strata validate --show-defaults`. The output parses back to the same Cluster.
 */
export function clusterToYaml(cluster: Cluster): string {
  return stringify(cluster, { lineWidth: 0, aliasDuplicateObjects: false });
}
