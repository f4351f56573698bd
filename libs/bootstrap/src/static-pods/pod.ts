import type { V1Pod, V1Volume, V1VolumeMount } from '@kubernetes/client-node';

/** A host directory mounted into a static pod at the same path. */
export interface HostMount {
  name: string;
  path: string;
  readOnly?: boolean;
  type?: 'Directory' | 'DirectoryOrCreate' | 'File';
}

export interface StaticPodSpec {
  component: string;
  image: string;
  command: string[];
  mounts: HostMount[];
  /** HTTPS health endpoint (path and port on the machine's address). */
  probe: { host: string; path: string; port: number; scheme: 'HTTP' | 'HTTPS' };
  cpuRequest: string;
}

/**
 * A control-plane static pod the way kubeadm shapes them: host network, node-critical
 * priority, host-path mounts at identical paths, liveness and startup probes.
 */
export function staticPod(spec: StaticPodSpec): V1Pod {
  const volumes: V1Volume[] = spec.mounts.map((m) => ({
    name: m.name,
    hostPath: { path: m.path, type: m.type ?? 'DirectoryOrCreate' },
  }));
  const volumeMounts: V1VolumeMount[] = spec.mounts.map((m) => ({ name: m.name, mountPath: m.path, readOnly: m.readOnly ?? false }));
  const httpGet = { host: spec.probe.host, path: spec.probe.path, port: spec.probe.port, scheme: spec.probe.scheme };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: spec.component,
      namespace: 'kube-system',
      labels: { component: spec.component, tier: 'control-plane' },
    },
    spec: {
      hostNetwork: true,
      priority: 2000001000,
      priorityClassName: 'system-node-critical',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: spec.component,
          image: spec.image,
          imagePullPolicy: 'IfNotPresent',
          command: spec.command,
          resources: { requests: { cpu: spec.cpuRequest } },
          volumeMounts,
          livenessProbe: { httpGet, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 15, failureThreshold: 8 },
          startupProbe: { httpGet, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 15, failureThreshold: 24 },
        },
      ],
      volumes,
    },
  };
}

/** `--name=value` flags from an ordered record, skipping undefined values. */
export function flags(values: Record<string, string | number | boolean | undefined>): string[] {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `--${k}=${String(v)}`);
}
