import { describe, expect, it } from 'vitest';
import { InputError } from '@strata/errors';
import { binaryNameForImage } from './image-binary';

const pinned = { kubernetes: 'v1.37.2', etcd: 'v3.7.0' };

describe('binaryNameForImage', () => {
  it.each([
    ['registry.k8s.io/kube-apiserver:v1.37.2', 'kube-apiserver'],
    ['registry.k8s.io/kube-controller-manager:v1.37.2', 'kube-controller-manager'],
    ['registry.k8s.io/kube-scheduler:v1.37.2', 'kube-scheduler'],
    ['registry.k8s.io/etcd:3.7.0-0', 'etcd'],
    ['registry.k8s.io/etcd:v3.7.0', 'etcd'],
  ])('runs %s with the pinned %s', (image, binary) => {
    expect(binaryNameForImage(image, pinned)).toBe(binary);
  });

  it.each([
    ['registry.k8s.io/kube-apiserver:v1.36.0', /pinned Kubernetes version v1\.37\.2/],
    ['registry.k8s.io/etcd:3.6.4-0', /pinned etcd version v3\.7\.0/],
    ['docker.io/library/nginx:1.27', /registry docker\.io\/library is not registry\.k8s\.io/],
    ['registry.k8s.io/kube-proxy:v1.37.2', /kube-proxy is not one of/],
    ['registry.k8s.io/kube-apiserver', /not a tagged image reference/],
  ])('refuses %s', (image, reason) => {
    let error: unknown;
    try {
      binaryNameForImage(image, pinned);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems[0]?.message).toMatch(reason);
  });
});
