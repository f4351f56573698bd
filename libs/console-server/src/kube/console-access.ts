import { setTimeout as sleep } from 'node:timers/promises';
import type { KubernetesObject, V1Deployment } from '@kubernetes/client-node';
import { applyObject, apiStatusOf, toStrataError, type ClusterConnection, type ResourceDescription } from '@strata/k8s';
import { ProviderError } from '@strata/errors';
import { ROLE_GROUPS } from './identity';

/** The field manager of everything the console applies to a cluster. */
export const CONSOLE_FIELD_MANAGER = 'strata-console';

/** The ValidatingAdmissionPolicy (and its binding) that keeps operators off the host. */
export const OPERATOR_POD_POLICY = 'strata-operator-pod-security';

/** An object as sent to the API server: a KubernetesObject with its spec, rules, ... */
type Manifest = KubernetesObject & Record<string, unknown>;

const MANAGED_BY = { 'app.kubernetes.io/managed-by': CONSOLE_FIELD_MANAGER };

const rbac = (plural: string, kind: string): ResourceDescription => ({
  key: plural,
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  plural,
  kind,
  namespaced: false,
  listKind: `${kind}List`,
});
const admission = (plural: string, kind: string): ResourceDescription => ({
  key: plural,
  group: 'admissionregistration.k8s.io',
  version: 'v1',
  plural,
  kind,
  namespaced: false,
  listKind: `${kind}List`,
});
const CLUSTER_ROLES = rbac('clusterroles', 'ClusterRole');
const CLUSTER_ROLE_BINDINGS = rbac('clusterrolebindings', 'ClusterRoleBinding');
const POLICIES = admission('validatingadmissionpolicies', 'ValidatingAdmissionPolicy');
const POLICY_BINDINGS = admission('validatingadmissionpolicybindings', 'ValidatingAdmissionPolicyBinding');

function clusterRole(name: string, rules: object[]): Manifest {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name, labels: MANAGED_BY }, rules };
}

function binding(name: string, role: string, group: string): Manifest {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name, labels: MANAGED_BY },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group }],
  };
}

/** Capabilities the baseline Pod Security Standard lets a container add; anything else is refused. */
const BASELINE_CAPABILITIES = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
];

/**
 * The policy refusing operators whatever reaches the host: privileged containers, added
 * capabilities beyond the baseline set, hostPath volumes, host network/PID/IPC and host
 * ports — the host-access rules of the baseline Pod Security Standard
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline).
 * It checks pods and every kind that carries a pod template, since a Deployment's pods
 * are created by a controller, not by the operator. It also refuses operators pods and
 * workloads in kube-system, whose service accounts run the cluster's controllers.
 * Written in CEL (https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/).
 */
function operatorPodPolicy(): Manifest {
  const podSpec = [
    "request.resource.resource == 'pods' ? object.spec",
    ": request.resource.resource == 'podtemplates' ? object.template.spec",
    ": request.resource.resource == 'cronjobs' ? object.spec.jobTemplate.spec.template.spec",
    ': object.spec.template.spec',
  ].join(' ');
  const containers = [
    'variables.podSpec.containers',
    '+ (has(variables.podSpec.initContainers) ? variables.podSpec.initContainers : [])',
    '+ (has(variables.podSpec.ephemeralContainers) ? variables.podSpec.ephemeralContainers : [])',
  ].join(' ');
  const flag = (field: string) => `(has(variables.podSpec.${field}) && variables.podSpec.${field})`;
  const workloads = (apiGroup: string, resources: string[]) => ({ apiGroups: [apiGroup], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources });
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name: OPERATOR_POD_POLICY, labels: MANAGED_BY },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: {
        resourceRules: [
          workloads('', ['pods', 'pods/ephemeralcontainers', 'podtemplates', 'replicationcontrollers']),
          workloads('apps', ['deployments', 'replicasets', 'statefulsets', 'daemonsets']),
          workloads('batch', ['jobs', 'cronjobs']),
        ],
      },
      matchConditions: [{ name: 'operators-only', expression: `has(request.userInfo.groups) && '${ROLE_GROUPS.operator}' in request.userInfo.groups` }],
      variables: [
        { name: 'podSpec', expression: podSpec },
        { name: 'containers', expression: containers },
      ],
      // Forbidden (HTTP 403) rather than the default Invalid (422): the object is fine, the role may not do it.
      validations: [
        {
          expression: "request.namespace != 'kube-system'",
          reason: 'Forbidden',
          message: 'the operator role may not create or change pods or workloads in kube-system; ask an admin',
        },
        {
          expression: 'variables.containers.all(c, !has(c.securityContext) || !has(c.securityContext.privileged) || !c.securityContext.privileged)',
          reason: 'Forbidden',
          message: 'the operator role may not run privileged containers (securityContext.privileged); ask an admin',
        },
        {
          expression: `variables.containers.all(c, !has(c.securityContext) || !has(c.securityContext.capabilities) || !has(c.securityContext.capabilities.add) || c.securityContext.capabilities.add.all(cap, cap in ${JSON.stringify(BASELINE_CAPABILITIES)}))`,
          reason: 'Forbidden',
          message: 'the operator role may not add capabilities beyond the baseline set (securityContext.capabilities.add); ask an admin',
        },
        {
          expression: '!has(variables.podSpec.volumes) || variables.podSpec.volumes.all(v, !has(v.hostPath))',
          reason: 'Forbidden',
          message: 'the operator role may not mount hostPath volumes; ask an admin',
        },
        {
          expression: `!${flag('hostNetwork')} && !${flag('hostPID')} && !${flag('hostIPC')}`,
          reason: 'Forbidden',
          message: 'the operator role may not use the host network, PID or IPC namespace (hostNetwork, hostPID, hostIPC); ask an admin',
        },
        {
          expression: 'variables.containers.all(c, !has(c.ports) || c.ports.all(p, !has(p.hostPort) || p.hostPort == 0))',
          reason: 'Forbidden',
          message: 'the operator role may not publish host ports (ports[].hostPort); ask an admin',
        },
      ],
    },
  };
}

function operatorPodPolicyBinding(): Manifest {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: OPERATOR_POD_POLICY, labels: MANAGED_BY },
    spec: { policyName: OPERATOR_POD_POLICY, validationActions: ['Deny'] },
  };
}

/**
 * Everything the console keeps in a cluster so that each console role acts with its own
 * rights there, in the order it is applied (a policy before its binding):
 * - viewers: the built-in `view` ClusterRole, plus reading nodes and persistent volumes,
 *   which `view` (namespaced by design) leaves out but the console's pages show;
 * - operators: the built-in `edit` ClusterRole, plus `strata:operator` (nodes
 *   get/list/watch/patch/update for cordon and the YAML editor's labels and taints,
 *   pods/eviction create for drain), kept off the host
 *   and out of kube-system by {@link OPERATOR_POD_POLICY};
 * - admins: `cluster-admin`.
 */
export function consoleAccessObjects(): { resource: ResourceDescription; object: Manifest }[] {
  const read = ['get', 'list', 'watch'];
  return [
    { resource: CLUSTER_ROLES, object: clusterRole('strata:viewer', [{ apiGroups: [''], resources: ['nodes', 'persistentvolumes'], verbs: read }]) },
    {
      resource: CLUSTER_ROLES,
      object: clusterRole('strata:operator', [
        { apiGroups: [''], resources: ['nodes'], verbs: [...read, 'patch', 'update'] },
        { apiGroups: [''], resources: ['persistentvolumes'], verbs: read },
        { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
      ]),
    },
    { resource: CLUSTER_ROLE_BINDINGS, object: binding('strata:viewers', 'view', ROLE_GROUPS.viewer) },
    { resource: CLUSTER_ROLE_BINDINGS, object: binding('strata:viewers:cluster-read', 'strata:viewer', ROLE_GROUPS.viewer) },
    { resource: POLICIES, object: operatorPodPolicy() },
    { resource: POLICY_BINDINGS, object: operatorPodPolicyBinding() },
    { resource: CLUSTER_ROLE_BINDINGS, object: binding('strata:operators', 'strata:operator', ROLE_GROUPS.operator) },
    { resource: CLUSTER_ROLE_BINDINGS, object: binding('strata:operators:edit', 'edit', ROLE_GROUPS.operator) },
    { resource: CLUSTER_ROLE_BINDINGS, object: binding('strata:admins', 'cluster-admin', ROLE_GROUPS.admin) },
  ];
}

/** A Deployment only the operator policy refuses (it mounts the host's root), sent as a dry run to see that the policy is in force. */
function probeDeployment(): V1Deployment {
  const labels = { app: 'strata-console-policy-probe' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'strata-console-policy-probe', namespace: 'default' },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        // A hostPath volume, not a privileged container: an API server started without
        // --allow-privileged refuses those for everyone, which would prove nothing.
        spec: { containers: [{ name: 'probe', image: 'registry.invalid/probe:1' }], volumes: [{ name: 'host', hostPath: { path: '/' } }] },
      },
    },
  };
}

/**
 * Waits until the API server enforces the operator policy. A new policy takes a moment to
 * load, and until then an operator's privileged pod would pass. The probe is a dry-run
 * create of a Deployment mounting the host as an operator: refused by the policy means in force;
 * refused by RBAC means operators cannot create workloads at all yet (the `edit` role is
 * still being aggregated), which is just as safe.
 */
async function waitForOperatorPolicy(conn: ClusterConnection, timeoutMs: number): Promise<void> {
  const operator = conn.impersonating({ user: 'strata:console-policy-probe', group: ROLE_GROUPS.operator });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await operator.apps.createNamespacedDeployment({ namespace: 'default', body: probeDeployment(), dryRun: 'All' });
    } catch (error) {
      if (apiStatusOf(error)?.code === 403) return;
      throw toStrataError(error, `checking that ${OPERATOR_POD_POLICY} refuses a Deployment mounting the host`);
    }
    if (Date.now() > deadline) {
      throw new ProviderError(
        `the API server does not enforce the ValidatingAdmissionPolicy ${OPERATOR_POD_POLICY} ${timeoutMs / 1000} s after it was applied; ` +
          'check that the ValidatingAdmissionPolicy admission plugin is enabled (Kubernetes 1.30 or later)',
      );
    }
    await sleep(250);
  }
}

/**
 * Makes the cluster ready for the console's roles: applies {@link consoleAccessObjects}
 * by server-side apply (idempotent; a second run changes nothing) with the console's own
 * credentials, then waits until the operator policy is in force. Those credentials need
 * to manage ClusterRoles, bindings and admission policies and to `impersonate` users and
 * groups; the installer's admin kubeconfig (system:masters) has all of it.
 */
export async function ensureConsoleAccess(conn: ClusterConnection, options: { policyTimeoutMs?: number } = {}): Promise<void> {
  for (const { resource, object } of consoleAccessObjects()) {
    await applyObject(conn, resource, object, { fieldManager: CONSOLE_FIELD_MANAGER, force: true });
  }
  await waitForOperatorPolicy(conn, options.policyTimeoutMs ?? 15_000);
}
