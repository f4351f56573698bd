import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterJsonSchema, clusterJsonSchemaText } from './json-schema';

const committedFile = resolve(import.meta.dirname, '../cluster.schema.json');

type JsonSchema = Record<string, unknown>;

/** Every object schema in the tree, with its JSON pointer. */
function objectSchemas(schema: JsonSchema, pointer = '#'): [string, JsonSchema][] {
  const found: [string, JsonSchema][] = schema.type === 'object' ? [[pointer, schema]] : [];
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [key, child] of Object.entries(properties)) found.push(...objectSchemas(child, `${pointer}/properties/${key}`));
  if (schema.items) found.push(...objectSchemas(schema.items as JsonSchema, `${pointer}/items`));
  return found;
}

describe('clusterJsonSchema', () => {
  it('matches the committed cluster.schema.json (regenerate with `npx nx run cluster-config:write-schema`)', () => {
    const committed = readFileSync(committedFile, 'utf8');
    expect(JSON.parse(committed)).toEqual(clusterJsonSchema());
    expect(committed).toBe(clusterJsonSchemaText());
  });

  it('is a draft 2020-12 schema with an id and a title', () => {
    expect(clusterJsonSchema()).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://strata.dev/schemas/cluster.v1alpha1.json',
      title: 'Strata Cluster',
      required: ['apiVersion', 'kind', 'metadata', 'spec'],
    });
  });

  it('closes every object with fixed fields, as the parser rejects unknown fields', () => {
    const objects = objectSchemas(clusterJsonSchema()).filter(([, schema]) => schema.properties !== undefined);
    expect(objects.length).toBeGreaterThan(15);
    for (const [pointer, schema] of objects)
      expect({ pointer, additionalProperties: schema.additionalProperties }).toEqual({ pointer, additionalProperties: false });
  });

  it('describes the input: defaulted fields are optional and carry their default', () => {
    const spec = (clusterJsonSchema().properties as Record<string, JsonSchema>).spec!;
    expect(spec.required).toEqual(['platform']);
    const properties = spec.properties as Record<string, JsonSchema>;
    expect(properties.kubernetesVersion).toMatchObject({ default: 'v1.37.2' });
    expect(properties.controlPlane!.properties).toMatchObject({ replicas: { enum: [1, 3, 5], default: 1 } });
    expect(properties.platform).toMatchObject({ minProperties: 1, maxProperties: 1 });
  });
});
