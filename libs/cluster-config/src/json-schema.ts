import { z } from 'zod';
import { ClusterSchema } from './schema/cluster-schema';

/** Where the published JSON Schema of the Cluster document lives. */
export const CLUSTER_JSON_SCHEMA_ID = 'https://strata.dev/schemas/cluster.v1alpha1.json';

/**
 * The JSON Schema (draft 2020-12) of the Cluster document as users write it, for editor
 * completion and checks. It describes shapes, enums and patterns; rules that span fields
 * (CIDR overlaps, unique pool names, capacity) are enforced only by `validateCluster`.
 */
export function clusterJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ClusterSchema, { io: 'input', target: 'draft-2020-12' });
  const { $schema, title, description, ...rest } = schema;
  return { $schema, $id: CLUSTER_JSON_SCHEMA_ID, title, description, ...rest };
}

/** `clusterJsonSchema()` as the text of the committed cluster.schema.json file. */
export function clusterJsonSchemaText(): string {
  return `${JSON.stringify(clusterJsonSchema(), null, 2)}\n`;
}
