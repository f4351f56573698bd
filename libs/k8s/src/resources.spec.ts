import { describe, expect, it } from 'vitest';
import { InputError, NotFoundError } from '@strata/errors';
import { RESOURCES, apiVersionOf, resourceByKey, resourcePath } from './resources';

describe('RESOURCES', () => {
  it('keys every description by its own key with a matching list kind', () => {
    for (const [key, resource] of Object.entries(RESOURCES)) {
      expect(resource.key).toBe(key);
      expect(resource.listKind).toBe(`${resource.kind}List`);
    }
  });
});

describe('resourceByKey', () => {
  it('finds a description', () => {
    expect(resourceByKey('deployments')).toBe(RESOURCES.deployments);
  });

  it.each(['widgets', 'toString', '__proto__'])('rejects %j with the known keys', (key) => {
    expect(() => resourceByKey(key)).toThrow(NotFoundError);
    expect(() => resourceByKey(key)).toThrow(/known: nodes, namespaces, pods/);
  });
});

describe('resourcePath', () => {
  it.each([
    [RESOURCES.nodes, {}, '/api/v1/nodes'],
    [RESOURCES.nodes, { name: 'w-1', namespace: 'ignored' }, '/api/v1/nodes/w-1'],
    [RESOURCES.pods, {}, '/api/v1/pods'],
    [RESOURCES.pods, { namespace: 'kube-system' }, '/api/v1/namespaces/kube-system/pods'],
    [RESOURCES.deployments, { namespace: 'a', name: 'web', subresource: 'scale' }, '/apis/apps/v1/namespaces/a/deployments/web/scale'],
    [RESOURCES.poddisruptionbudgets, { namespace: 'a' }, '/apis/policy/v1/namespaces/a/poddisruptionbudgets'],
    [RESOURCES.configmaps, { namespace: 'a', name: 'x/../y' }, '/api/v1/namespaces/a/configmaps/x%2F..%2Fy'],
  ])('%o with %o is %s', (resource, options, path) => {
    expect(resourcePath(resource, options)).toBe(path);
  });

  it('needs a namespace to address a namespaced object', () => {
    expect(() => resourcePath(RESOURCES.pods, { name: 'p' })).toThrow(InputError);
  });
});

describe('apiVersionOf', () => {
  it.each([
    [RESOURCES.pods, 'v1'],
    [RESOURCES.deployments, 'apps/v1'],
  ])('%o → %s', (resource, apiVersion) => {
    expect(apiVersionOf(resource)).toBe(apiVersion);
  });
});
