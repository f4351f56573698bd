import { join } from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { InputError } from '@strata/errors';

/** How a static pod runs as a plain process inside a local machine root. */
export interface StaticPodProcess {
  /** `metadata.name` of the pod, e.g. `kube-apiserver`. */
  name: string;
  image: string;
  command: string;
  args: string[];
}

/**
 * Turns a static pod manifest into a process the way a container runtime would run it
 * with host-path mounts: the image becomes a local binary (`binaryFor`), and every
 * absolute path under a mounted directory is resolved inside the machine `root`, as if
 * the machine's filesystem were mounted there.
 */
export function staticPodProcess(manifestYaml: string, root: string, binaryFor: (image: string) => string): StaticPodProcess {
  const pod = parse(manifestYaml) as V1Pod;
  const container = pod.spec?.containers?.[0];
  const name = pod.metadata?.name;
  if (!name || !container?.image || !container.command?.length) {
    throw new InputError(`static pod manifest ${name ?? '(unnamed)'}: needs metadata.name, one container with an image and a command`);
  }
  const mountPaths = (container.volumeMounts ?? []).map((m) => m.mountPath).sort((a, b) => b.length - a.length);
  const inRoot = (value: string) =>
    value
      .split(',')
      .map((part) => (mountPaths.some((p) => part === p || part.startsWith(`${p}/`)) ? join(root, part) : part))
      .join(',');
  const [, ...rest] = [...container.command, ...(container.args ?? [])];
  const args = rest.map((arg) => {
    const eq = arg.indexOf('=');
    return arg.startsWith('--') && eq > 0 ? `${arg.slice(0, eq + 1)}${inRoot(arg.slice(eq + 1))}` : inRoot(arg);
  });
  return { name, image: container.image, command: binaryFor(container.image), args };
}
