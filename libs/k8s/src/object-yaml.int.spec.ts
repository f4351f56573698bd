import type { V1ConfigMap } from '@kubernetes/client-node';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, InputError, NotAllowedError, NotFoundError, httpStatusOf } from '@strata/errors';
import { startControlPlane, type TestControlPlane } from '@strata/testkit';
import type { ClusterConnection } from './connection';
import { getObjectYaml, replaceObjectYaml } from './object-yaml';
import { deleteObject, getObject } from './objects';
import { RESOURCES } from './resources';
import { adminConnection, createNamespace, impersonatingConnection } from './testing/control-plane-connection';

let cp: TestControlPlane;
let conn: ClusterConnection;
const ns = 'yaml';

beforeAll(async () => {
  cp = await startControlPlane();
  conn = adminConnection(cp.kubeconfigPath);
  await createNamespace(conn, ns);
});

afterAll(async () => {
  await cp?.stop();
});

async function configMap(name: string): Promise<void> {
  await conn.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name }, data: { color: 'blue' } } });
}

/** Edits loaded YAML like a user in the editor would. */
function edit(yaml: string, change: (object: V1ConfigMap) => void): string {
  const object = parse(yaml) as V1ConfigMap;
  change(object);
  return stringify(object);
}

describe('getObjectYaml', () => {
  it('shows the object with its resourceVersion and without managedFields', async () => {
    await configMap('shown');
    const yaml = await getObjectYaml(conn, RESOURCES.configmaps, ns, 'shown');
    const object = parse(yaml) as V1ConfigMap;
    expect(object).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', data: { color: 'blue' }, metadata: { name: 'shown', namespace: ns } });
    expect(object.metadata?.resourceVersion).toMatch(/^\d+$/);
    expect(yaml).not.toContain('managedFields');
  });

  it('throws NotFoundError for a missing object', async () => {
    const error = await getObjectYaml(conn, RESOURCES.configmaps, ns, 'nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe('reading ConfigMap yaml/nope: configmaps "nope" not found');
  });

  it('throws NotAllowedError when RBAC forbids reading', async () => {
    await configMap('secretive');
    await expect(getObjectYaml(impersonatingConnection(cp, 'jane'), RESOURCES.configmaps, ns, 'secretive')).rejects.toBeInstanceOf(NotAllowedError);
  });
});

describe('replaceObjectYaml', () => {
  it('saves edited YAML', async () => {
    await configMap('edited');
    const yaml = await getObjectYaml(conn, RESOURCES.configmaps, ns, 'edited');
    const saved = await replaceObjectYaml<V1ConfigMap>(
      conn,
      RESOURCES.configmaps,
      ns,
      'edited',
      edit(yaml, (o) => (o.data = { color: 'green' })),
    );
    expect(saved.data).toEqual({ color: 'green' });
    expect((await getObject<V1ConfigMap>(conn, RESOURCES.configmaps, ns, 'edited')).data).toEqual({ color: 'green' });
  });

  it('refuses YAML loaded before someone else changed the object, with ConflictError', async () => {
    await configMap('contested');
    const stale = await getObjectYaml(conn, RESOURCES.configmaps, ns, 'contested');
    // Someone else saves first.
    await replaceObjectYaml(
      conn,
      RESOURCES.configmaps,
      ns,
      'contested',
      edit(stale, (o) => (o.data = { color: 'red' })),
    );

    const error = await replaceObjectYaml(
      conn,
      RESOURCES.configmaps,
      ns,
      'contested',
      edit(stale, (o) => (o.data = { color: 'green' })),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(httpStatusOf(error)).toBe(409);
    expect((error as Error).message).toBe(
      'saving ConfigMap yaml/contested: ConfigMap yaml/contested was changed by someone else after you loaded it; reload it and apply your edits again',
    );
    expect((await getObject<V1ConfigMap>(conn, RESOURCES.configmaps, ns, 'contested')).data).toEqual({ color: 'red' });
  });

  it('requires metadata.resourceVersion', async () => {
    await configMap('versionless');
    const yaml = edit(await getObjectYaml(conn, RESOURCES.configmaps, ns, 'versionless'), (o) => delete o.metadata?.resourceVersion);
    const error = await replaceObjectYaml(conn, RESOURCES.configmaps, ns, 'versionless', yaml).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((p) => p.path)).toEqual(['metadata.resourceVersion']);
  });

  it.each([
    ['a renamed object', (o: V1ConfigMap) => (o.metadata = { ...o.metadata, name: 'other' }), ['metadata.name']],
    ['another namespace', (o: V1ConfigMap) => (o.metadata = { ...o.metadata, namespace: 'default' }), ['metadata.namespace']],
    ['another kind', (o: V1ConfigMap) => (o.kind = 'Secret'), ['kind']],
    ['another API version', (o: V1ConfigMap) => (o.apiVersion = 'apps/v1'), ['apiVersion']],
  ])('refuses %s before calling the server', async (_what, change, paths) => {
    const yaml = edit(await getObjectYaml(conn, RESOURCES.configmaps, ns, 'edited'), change);
    const error = await replaceObjectYaml(conn, RESOURCES.configmaps, ns, 'edited', yaml).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((p) => p.path)).toEqual(paths);
  });

  it('reports YAML syntax errors with their line', async () => {
    const error = await replaceObjectYaml(conn, RESOURCES.configmaps, ns, 'edited', 'metadata:\n  name: edited\n   bad: [').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems[0]?.path).toMatch(/^line \d+, column \d+$/);
  });

  it('turns the API server validation causes into field problems', async () => {
    const yaml = edit(await getObjectYaml(conn, RESOURCES.configmaps, ns, 'edited'), (o) => (o.data = { 'not a valid key!': 'x' }));
    const error = await replaceObjectYaml(conn, RESOURCES.configmaps, ns, 'edited', yaml).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems).toEqual([{ path: 'data[not a valid key!]', message: expect.stringMatching(/valid config key/) }]);
  });
});

describe('deleteObject', () => {
  it('deletes, and a second delete is NotFoundError', async () => {
    await configMap('doomed');
    await deleteObject(conn, RESOURCES.configmaps, ns, 'doomed');
    await expect(getObject(conn, RESOURCES.configmaps, ns, 'doomed')).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteObject(conn, RESOURCES.configmaps, ns, 'doomed')).rejects.toBeInstanceOf(NotFoundError);
  });
});
