/**
 * Regenerates cluster.schema.json, the JSON Schema editors use for Cluster documents:
 *   npx nx run cluster-config:write-schema
 * A test fails when the committed file differs from what this writes.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { clusterJsonSchemaText } from '../src/index';

const target = resolve(import.meta.dirname, '../cluster.schema.json');
writeFileSync(target, clusterJsonSchemaText());
console.log(`wrote ${target}`);
