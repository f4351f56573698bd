import type { KubernetesObject } from '@kubernetes/client-node';
import { parseDocument, stringify } from 'yaml';
import { InputError, type FieldProblem } from '@strata/errors';
import type { ClusterConnection } from './connection';
import { toStrataError } from './api-errors';
import { requestJson } from './http-request';
import { getObject } from './objects';
import { apiVersionOf, describeObject, resourcePath, type ResourceDescription } from './resources';

/**
 * An object as YAML for viewing and editing, without `metadata.managedFields` (as
 * `kubectl get -o yaml` shows it). It keeps `metadata.resourceVersion`, which
 * `replaceObjectYaml` needs to detect concurrent changes.
 */
export async function getObjectYaml(conn: ClusterConnection, resource: ResourceDescription, namespace: string | undefined, name: string): Promise<string> {
  const object = await getObject(conn, resource, namespace, name);
  if (object.metadata) delete object.metadata.managedFields;
  return stringify(object, { lineWidth: 0 });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses and checks an edited object; every mismatch with the addressed object is a problem. */
function parseEdited(resource: ResourceDescription, namespace: string | undefined, name: string, text: string): KubernetesObject {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new InputError(
      'the YAML cannot be parsed',
      doc.errors.map((e) => ({
        path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '',
        message: e.message.split('\n')[0] ?? e.message,
      })),
    );
  }
  const object: unknown = doc.toJS();
  if (!isRecord(object)) throw new InputError('the YAML is not an object', [{ path: '', message: `expected a ${resource.kind} mapping` }]);
  const metadata = isRecord(object['metadata']) ? object['metadata'] : {};
  const problems: FieldProblem[] = [];
  const expect = (path: string, actual: unknown, wanted: string | undefined) => {
    if (wanted !== undefined && actual !== undefined && actual !== wanted)
      problems.push({ path, message: `must be "${wanted}" (the object being edited), not "${String(actual)}"` });
  };
  expect('apiVersion', object['apiVersion'], apiVersionOf(resource));
  expect('kind', object['kind'], resource.kind);
  if (metadata['name'] === undefined) problems.push({ path: 'metadata.name', message: `required: "${name}"` });
  expect('metadata.name', metadata['name'], name);
  expect('metadata.namespace', metadata['namespace'], resource.namespaced ? namespace : undefined);
  if (typeof metadata['resourceVersion'] !== 'string' || metadata['resourceVersion'] === '') {
    problems.push({
      path: 'metadata.resourceVersion',
      message: 'required, so that changes made since the object was loaded are not overwritten; reload the object',
    });
  }
  if (problems.length > 0) throw new InputError(`the YAML does not fit ${describeObject(resource, namespace, name)}`, problems);
  return { ...object, apiVersion: apiVersionOf(resource), kind: resource.kind } as KubernetesObject;
}

/**
 * Replaces an object with edited YAML (HTTP PUT). The YAML must carry the
 * `metadata.resourceVersion` it was loaded with: if the object changed since, the server
 * refuses (409) and this throws `ConflictError` asking the user to reload. Invalid
 * objects throw `InputError` with the API's field problems. Returns the stored object.
 */
export async function replaceObjectYaml<T extends KubernetesObject = KubernetesObject>(
  conn: ClusterConnection,
  resource: ResourceDescription,
  namespace: string | undefined,
  name: string,
  yaml: string,
): Promise<T> {
  const object = parseEdited(resource, namespace, name, yaml);
  const what = describeObject(resource, namespace, name);
  try {
    return await requestJson<T>(conn, { method: 'PUT', path: resourcePath(resource, { namespace, name }), body: object });
  } catch (error) {
    throw toStrataError(error, `saving ${what}`, {
      conflictMessage: `${what} was changed by someone else after you loaded it; reload it and apply your edits again`,
    });
  }
}
