import { existsSync } from 'node:fs';
import { IMAGE_REGISTRY } from '@strata/bootstrap';
import { InputError, NotFoundError } from '@strata/errors';
import { binaryPath, pinnedVersions, type PinnedBinary, type PinnedVersions } from '@strata/toolchain';

const KUBERNETES_COMPONENTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const;

/** `3.7.0-0` and `v3.7.0` both name etcd 3.7.0: image tags carry a build suffix, release tags a `v`. */
function etcdRelease(tag: string): string {
  return tag.replace(/^v/, '').replace(/-\d+$/, '');
}

/**
 * The pinned binary that runs a control-plane image on a local machine, the way a
 * container runtime would run the image: `registry.k8s.io/kube-apiserver:v1.37.2` is the
 * locally built kube-apiserver when the tag equals the pinned Kubernetes version, and
 * `registry.k8s.io/etcd:3.7.0-0` is the built etcd when it names the pinned etcd release.
 * @throws InputError for any other image (another registry, component or version).
 */
export function binaryNameForImage(image: string, pinned: Pick<PinnedVersions, 'kubernetes' | 'etcd'> = pinnedVersions()): PinnedBinary {
  const match = /^([^/]+(?:\/[^/:@]+)*)\/([^/:@]+):([^/:@]+)$/.exec(image);
  if (!match) throw new InputError(`image ${image}: expected <registry>/<name>:<tag>`, [{ path: 'image', message: 'not a tagged image reference' }]);
  const [, registry, name, tag] = match as unknown as [string, string, string, string];
  if (registry !== IMAGE_REGISTRY) {
    throw new InputError(`image ${image}: only ${IMAGE_REGISTRY} control-plane images run on a local machine`, [
      { path: 'image', message: `registry ${registry} is not ${IMAGE_REGISTRY}` },
    ]);
  }
  if ((KUBERNETES_COMPONENTS as readonly string[]).includes(name)) {
    if (tag !== pinned.kubernetes) {
      throw new InputError(`image ${image}: this machine runs Kubernetes ${pinned.kubernetes} only`, [
        { path: 'image', message: `tag ${tag} is not the pinned Kubernetes version ${pinned.kubernetes}` },
      ]);
    }
    return name as PinnedBinary;
  }
  if (name === 'etcd') {
    if (etcdRelease(tag) !== etcdRelease(pinned.etcd)) {
      throw new InputError(`image ${image}: this machine runs etcd ${pinned.etcd} only`, [
        { path: 'image', message: `tag ${tag} is not the pinned etcd version ${pinned.etcd}` },
      ]);
    }
    return 'etcd';
  }
  throw new InputError(`image ${image}: no local binary runs ${name}`, [
    { path: 'image', message: `${name} is not one of etcd, ${KUBERNETES_COMPONENTS.join(', ')}` },
  ]);
}

/**
 * The path of the binary for `image` (see {@link binaryNameForImage}).
 * @throws InputError for an image without a local binary; NotFoundError when the binary is not built.
 */
export function binaryForImage(image: string): string {
  const path = binaryPath(binaryNameForImage(image));
  if (!existsSync(path)) throw new NotFoundError(`image ${image}: ${path} is missing; build the pinned binaries with \`npm run setup\``);
  return path;
}
