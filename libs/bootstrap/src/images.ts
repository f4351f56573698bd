/**
 * Container images of the control plane and the cluster add-ons. On cloud machines the
 * kubelet pulls them; on a local machine the node agent maps each control-plane image to the
 * locally built binary of the same name and version (see apps/node-agent), and KWOK runs the
 * add-ons' pods. The one table of versions and digests is `@strata/binaries/images.json`.
 */
import table from '@strata/binaries/images.json' with { type: 'json' };

export const IMAGE_REGISTRY = 'registry.k8s.io';

/** One pinned image: its reference by tag, and the digest it is pulled by where one is recorded. */
export interface PinnedImage {
  image: string;
  digest?: string;
}

/** The images paired with one Kubernetes minor. */
export interface PairedImages {
  etcd: PinnedImage;
  coredns: PinnedImage;
  flannel: PinnedImage;
  'flannel-cni-plugin': PinnedImage;
  'calico-node': PinnedImage;
  'calico-cni': PinnedImage;
  'calico-kube-controllers': PinnedImage;
}

const PAIRED: Record<string, PairedImages> = Object.fromEntries(Object.entries(table).filter(([minor]) => /^\d+\.\d+$/.test(minor))) as Record<
  string,
  PairedImages
>;

/** `1.37` of `v1.37.2`. */
export function minorOf(kubernetesVersion: string): string {
  return kubernetesVersion.replace(/^v/, '').split('.').slice(0, 2).join('.');
}

/** The Kubernetes minors the image table pairs images with. */
export function pairedMinors(): string[] {
  return Object.keys(PAIRED);
}

/**
 * The images kubeadm pairs with a Kubernetes version (etcd, CoreDNS) and the pod network
 * images Strata ships with it.
 * @throws Error when the table has no entry for the version's minor.
 */
export function pairedImages(kubernetesVersion: string): PairedImages {
  const paired = PAIRED[minorOf(kubernetesVersion)];
  if (!paired) throw new Error(`no images are paired with Kubernetes ${kubernetesVersion}; the image table has ${pairedMinors().join(', ')}`);
  return paired;
}

/** The reference a pod spec names: `name:tag@sha256:…` when the digest is recorded, else `name:tag`. */
export function imageReference(pinned: PinnedImage): string {
  return pinned.digest ? `${pinned.image}@${pinned.digest}` : pinned.image;
}

export function kubernetesImage(component: 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kube-proxy', version: string): string {
  return `${IMAGE_REGISTRY}/${component}:${version}`;
}

export function etcdImage(kubernetesVersion: string): string {
  const minor = minorOf(kubernetesVersion);
  const paired = PAIRED[minor];
  if (!paired) throw new Error(`no etcd version is paired with Kubernetes ${kubernetesVersion}`);
  return paired.etcd.image;
}
