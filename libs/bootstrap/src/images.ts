/**
 * Container images of the control plane. On cloud machines the kubelet pulls them; on a
 * local machine the node agent maps each image to the locally built binary of the same
 * name and version (see apps/node-agent).
 */
export const IMAGE_REGISTRY = 'registry.k8s.io';

/** etcd image tag that kubeadm pairs with each supported Kubernetes minor. */
const ETCD_IMAGE_TAGS: Record<string, string> = {
  '1.37': '3.7.0-0',
};

export function kubernetesImage(component: 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler', version: string): string {
  return `${IMAGE_REGISTRY}/${component}:${version}`;
}

export function etcdImage(kubernetesVersion: string): string {
  const minor = kubernetesVersion.replace(/^v/, '').split('.').slice(0, 2).join('.');
  const tag = ETCD_IMAGE_TAGS[minor];
  if (!tag) throw new Error(`no etcd version is paired with Kubernetes ${kubernetesVersion}`);
  return `${IMAGE_REGISTRY}/etcd:${tag}`;
}
