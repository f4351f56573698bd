import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdmissionregistrationV1Api, AuthenticationV1Api, RbacAuthorizationV1Api, type V1Deployment, type V1Pod } from '@kubernetes/client-node';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NotAllowedError } from '@strata/errors';
import {
  apiStatusOf,
  cordon,
  deleteObject,
  getObjectYaml,
  listAll,
  replaceObjectYaml,
  RESOURCES,
  scale,
  toStrataError,
  watchResource,
  type ClusterConnection,
} from '@strata/k8s';
import { startControlPlane, type TestControlPlane } from '@strata/testkit';
import { importKubeconfig } from '../clusters/registry';
import { openConsoleStore, type ConsoleStore } from '../store/console-store';
import { controllersLog, startRbacControllers, type TestControllers } from '../testing/rbac-controllers';
import { clusterConnection, userConnection } from './cluster-connections';
import { consoleAccessObjects, ensureConsoleAccess, OPERATOR_POD_POLICY } from './console-access';
import { explainRoleDenial } from './role-denial';

const viewer = { username: 'vera', role: 'viewer' } as const;
const operator = { username: 'otto', role: 'operator' } as const;
const admin = { username: 'ada', role: 'admin' } as const;

const NS = 'apps';

function pod(name: string, spec: Partial<NonNullable<V1Pod['spec']>> = {}, container: object = {}): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS },
    spec: { containers: [{ name: 'main', image: 'registry.example/app:1', ...container }], ...spec },
  };
}

const hostRoot = { volumes: [{ name: 'host', hostPath: { path: '/' } }] };
const privileged = { securityContext: { privileged: true }, volumeMounts: [{ name: 'host', mountPath: '/host' }] };

function deployment(name: string, podSpec: Partial<NonNullable<V1Pod['spec']>> = {}, container: object = {}): V1Deployment {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: pod(name, podSpec, container).spec! } },
  };
}

/** The API server's answer to a call that must fail. */
async function refusal(call: Promise<unknown>): Promise<{ code: number; message: string; error: unknown }> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the API server accepted the request').toBeDefined();
  const api = apiStatusOf(error) ?? apiStatusOf((error as Error).cause);
  expect(api, `not an API server answer: ${String(error)}`).toBeDefined();
  return { code: api!.code, message: api!.status.message ?? '', error };
}

function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  return vi.waitFor(
    async () => {
      if (!(await check().catch(() => false))) throw new Error(`${what} within ${timeoutMs / 1000} s`);
    },
    { timeout: timeoutMs, interval: 250 },
  );
}

describe('console roles against a real API server (impersonation, RBAC and the operator pod policy)', () => {
  let cp: TestControlPlane;
  let controllers: TestControllers;
  let store: ConsoleStore;
  let dataDir: string;
  let clusterId: string;
  let own: ClusterConnection;

  beforeAll(async () => {
    // As the kube-apiserver manifests Strata renders: privileged pods exist, for admins.
    cp = await startControlPlane({ apiServerFlags: ['--allow-privileged=true'] });
    controllers = await startRbacControllers(cp);
    dataDir = mkdtempSync(join(tmpdir(), 'console-roles-'));
    store = await openConsoleStore({ url: 'sqlite::memory:', dataDir });
    clusterId = (await importKubeconfig(store, 'roles', readFileSync(cp.kubeconfigPath, 'utf8'))).id;
    own = await clusterConnection(store, clusterId);
    await own.core.createNamespace({ body: { metadata: { name: NS } } });
    const rbac = own.api(RbacAuthorizationV1Api);
    await until(`the controller manager did not fill the edit ClusterRole and create ${NS}/default:\n${controllersLog(controllers)}`, async () => {
      const edit = await rbac.readClusterRole({ name: 'edit' });
      await own.core.readNamespacedServiceAccount({ namespace: NS, name: 'default' });
      return (edit.rules ?? []).length > 0;
    });
    await own.apps.createNamespacedDeployment({ namespace: NS, body: deployment('web') });
    await own.core.createNode({ body: { metadata: { name: 'worker-1' } } });
  });

  afterAll(async () => {
    await store?.close();
    await controllers?.stop();
    await cp?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('applies its roles, bindings and policy idempotently: a second run changes nothing', async () => {
    await ensureConsoleAccess(own);
    const rbac = own.api(RbacAuthorizationV1Api);
    const admission = own.api(AdmissionregistrationV1Api);
    const versions = async () =>
      Promise.all(
        consoleAccessObjects().map(async ({ object }) => {
          const name = object.metadata!.name!;
          switch (object.kind) {
            case 'ClusterRole':
              return (await rbac.readClusterRole({ name })).metadata?.resourceVersion;
            case 'ClusterRoleBinding':
              return (await rbac.readClusterRoleBinding({ name })).metadata?.resourceVersion;
            case 'ValidatingAdmissionPolicy':
              return (await admission.readValidatingAdmissionPolicy({ name })).metadata?.generation;
            default:
              return (await admission.readValidatingAdmissionPolicyBinding({ name })).metadata?.resourceVersion;
          }
        }),
      );
    const before = await versions();
    await ensureConsoleAccess(own);
    expect(await versions()).toEqual(before);
    const viewers = await rbac.readClusterRoleBinding({ name: 'strata:viewers' });
    expect(viewers.roleRef.name).toBe('view');
    expect(viewers.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'strata:viewers' }]);
    expect((await rbac.readClusterRoleBinding({ name: 'strata:admins' })).roleRef.name).toBe('cluster-admin');
    const operatorRole = await rbac.readClusterRole({ name: 'strata:operator' });
    expect(operatorRole.rules).toContainEqual(expect.objectContaining({ resources: ['pods/eviction'], verbs: ['create'] }));
  });

  it.each([
    [viewer, 'strata:viewers'],
    [operator, 'strata:operators'],
    [admin, 'strata:admins'],
  ])('the API server sees %j as strata:<username> in its role group', async (user, group) => {
    const conn = await userConnection(store, clusterId, user);
    const review = await conn.api(AuthenticationV1Api).createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
    expect(review.status?.userInfo?.username).toBe(`strata:${user.username}`);
    expect(review.status?.userInfo?.groups).toEqual(expect.arrayContaining([group, 'system:authenticated']));
    expect(review.status?.userInfo?.groups).not.toContain('system:masters');
  });

  describe('operator', () => {
    it('is refused a privileged hostPath pod by the API server, with the policy message, shown as a role refusal', async () => {
      const conn = await userConnection(store, clusterId, operator);
      const refused = await refusal(conn.core.createNamespacedPod({ namespace: NS, body: pod('root-shell', hostRoot, privileged) }));
      expect(refused.code).toBe(403);
      expect(refused.message).toContain(`ValidatingAdmissionPolicy '${OPERATOR_POD_POLICY}'`);
      expect(refused.message).toMatch(/may not run privileged containers|may not mount hostPath volumes/);
      const shown = explainRoleDenial(toStrataError(refused.error, `creating Pod ${NS}/root-shell`), 'operator');
      expect(shown).toBeInstanceOf(NotAllowedError);
      expect((shown as Error).message).toMatch(/^Your role \(operator\) does not allow this in the cluster: .*may not/);
    });

    it.each([
      ['a hostPath volume', pod('host-files', hostRoot, { volumeMounts: [{ name: 'host', mountPath: '/host' }] }), /may not mount hostPath volumes/],
      ['the host network', pod('host-net', { hostNetwork: true }), /host network, PID or IPC/],
      ['the host PID namespace', pod('host-pid', { hostPID: true }), /host network, PID or IPC/],
      [
        'an added SYS_ADMIN capability',
        pod('sys-admin', {}, { securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }),
        /capabilities beyond the baseline/,
      ],
    ])('is refused a pod with %s', async (_what, body, message) => {
      const conn = await userConnection(store, clusterId, operator);
      const refused = await refusal(conn.core.createNamespacedPod({ namespace: NS, body }));
      expect(refused.code).toBe(403);
      expect(refused.message).toMatch(message);
    });

    it('is refused a Deployment whose pods would be privileged (the controller, not the operator, would create them)', async () => {
      const conn = await userConnection(store, clusterId, operator);
      const refused = await refusal(conn.apps.createNamespacedDeployment({ namespace: NS, body: deployment('root-deploy', hostRoot, privileged) }));
      expect(refused.code).toBe(403);
      expect(refused.message).toContain(OPERATOR_POD_POLICY);
    });

    it("is refused adding a hostPath volume through the console's YAML edit", async () => {
      const conn = await userConnection(store, clusterId, operator);
      const doc = parse(await getObjectYaml(conn, RESOURCES.deployments, NS, 'web')) as V1Deployment;
      doc.spec!.template.spec!.volumes = hostRoot.volumes;
      const error = await replaceObjectYaml(conn, RESOURCES.deployments, NS, 'web', stringify(doc)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(NotAllowedError);
      expect((explainRoleDenial(error, 'operator') as Error).message).toMatch(/^Your role \(operator\) does not allow this in the cluster: .*hostPath/);
    });

    it('is refused pods in kube-system, whose service accounts run the controllers', async () => {
      const conn = await userConnection(store, clusterId, operator);
      const refused = await refusal(
        conn.core.createNamespacedPod({ namespace: 'kube-system', body: { ...pod('sneaky'), metadata: { name: 'sneaky', namespace: 'kube-system' } } }),
      );
      expect(refused.code).toBe(403);
      expect(refused.message).toMatch(/may not create or change pods or workloads in kube-system/);
    });

    it('scales a deployment, creates a normal pod and cordons a node', async () => {
      const conn = await userConnection(store, clusterId, operator);
      expect(await scale(conn, RESOURCES.deployments, NS, 'web', 3)).toMatchObject({ replicas: 3 });
      const created = await conn.core.createNamespacedPod({ namespace: NS, body: pod('plain') });
      expect(created.metadata?.name).toBe('plain');
      expect((await cordon(conn, 'worker-1')).spec?.unschedulable).toBe(true);
    });

    it('labels a node through the YAML editor', async () => {
      const conn = await userConnection(store, clusterId, operator);
      const node = parse(await getObjectYaml(conn, RESOURCES.nodes, undefined, 'worker-1')) as { metadata: { labels?: Record<string, string> } };
      node.metadata.labels = { ...node.metadata.labels, 'example.com/rack': 'r7' };
      await replaceObjectYaml(conn, RESOURCES.nodes, undefined, 'worker-1', stringify(node));
      expect((await own.core.readNode({ name: 'worker-1' })).metadata?.labels?.['example.com/rack']).toBe('r7');
    });
  });

  describe('viewer', () => {
    it('lists pods and nodes and watches pods', async () => {
      const conn = await userConnection(store, clusterId, viewer);
      await own.core.createNamespacedPod({ namespace: NS, body: pod('seen') });
      expect((await listAll<V1Pod>(conn, RESOURCES.pods, { namespace: NS })).items.map((p) => p.metadata?.name)).toContain('seen');
      expect((await listAll(conn, RESOURCES.nodes)).items.map((n) => n.metadata?.name)).toContain('worker-1');
      const abort = new AbortController();
      const listed: string[] = [];
      const added: string[] = [];
      let watchingNow = false;
      const watching = watchResource<V1Pod>(conn, RESOURCES.pods, {
        namespace: NS,
        signal: abort.signal,
        onEvent: (event) => {
          if (event.type === 'RESYNC') listed.push(...event.items.map((p) => p.metadata?.name ?? ''));
          if (event.type === 'ADDED') added.push(event.object.metadata?.name ?? '');
        },
        onStatus: (status) => {
          watchingNow = status === 'watching';
        },
      });
      await until('the viewer watch did not list the pods', async () => listed.includes('seen') && watchingNow, 20_000);
      await own.core.createNamespacedPod({ namespace: NS, body: pod('late') });
      await until('the viewer watch did not stream the new pod', async () => added.includes('late'), 20_000);
      abort.abort();
      await watching;
    });

    it('is refused deleting a pod (403), shown as a role refusal', async () => {
      const conn = await userConnection(store, clusterId, viewer);
      const error = await deleteObject(conn, RESOURCES.pods, NS, 'seen').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(apiStatusOf((error as Error).cause)?.code).toBe(403);
      const shown = explainRoleDenial(error, 'viewer') as Error;
      expect(shown.message).toMatch(/^Your role \(viewer\) does not allow this in the cluster: .*User "strata:vera" cannot delete resource "pods"/);
      expect(shown.message).not.toMatch(/BEGIN|PRIVATE|client-key|token/i);
      await own.core.readNamespacedPod({ namespace: NS, name: 'seen' });
    });

    it('is refused scaling a deployment', async () => {
      const conn = await userConnection(store, clusterId, viewer);
      await expect(scale(conn, RESOURCES.deployments, NS, 'web', 0)).rejects.toBeInstanceOf(NotAllowedError);
    });
  });

  describe('admin', () => {
    it('creates the privileged hostPath pod', async () => {
      const conn = await userConnection(store, clusterId, admin);
      const created = await conn.core.createNamespacedPod({ namespace: NS, body: pod('admin-root', hostRoot, privileged) });
      expect(created.spec?.containers[0]?.securityContext?.privileged).toBe(true);
    });
  });
});
