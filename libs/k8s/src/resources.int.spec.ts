import type { V1APIResourceList } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type TestControlPlane } from '@strata/testkit';
import type { ClusterConnection } from './connection';
import { requestJson } from './http-request';
import { RESOURCES, apiVersionOf } from './resources';
import { adminConnection } from './testing/control-plane-connection';

let cp: TestControlPlane;
let conn: ClusterConnection;

beforeAll(async () => {
  cp = await startControlPlane();
  conn = adminConnection(cp.kubeconfigPath);
});

afterAll(async () => {
  await cp?.stop();
});

describe('RESOURCES', () => {
  it.each(Object.values(RESOURCES))('$key matches the API server discovery', async (resource) => {
    const root = resource.group ? `/apis/${apiVersionOf(resource)}` : `/api/${resource.version}`;
    const discovery = await requestJson<V1APIResourceList>(conn, { method: 'GET', path: root });
    const served = discovery.resources.find((r) => r.name === resource.plural);
    expect(served).toMatchObject({ kind: resource.kind, namespaced: resource.namespaced });
    const subresources = discovery.resources.map((r) => r.name);
    expect(subresources.includes(`${resource.plural}/scale`)).toBe(resource.scalable === true);
  });
});
