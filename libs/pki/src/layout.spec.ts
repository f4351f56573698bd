import { describe, expect, it } from 'vitest';
import { CA_PATHS, KUBECONFIG_PATHS, MACHINE_LEAF_PREFIXES, SHARED_LEAF_PATHS, leafPath, parseAssetPath } from './layout';
import type { MachineLeafName } from './types';

// Names chosen to collide with a naive layout: a node "client-a" next to a node "a", members
// named after fixed files.
const TRICKY_NAMES = ['a', 'client-a', 'server-a', 'kubelet-client', 'etcd-client', 'ca', 'peer-x', 'a.b.c'];

describe('parseAssetPath', () => {
  it.each(Object.entries(CA_PATHS))('reads back the %s CA files', (name, base) => {
    expect(parseAssetPath(`${base}.crt`)).toEqual({ kind: 'ca', name, part: 'crt' });
    expect(parseAssetPath(`${base}.key`)).toEqual({ kind: 'ca', name, part: 'key' });
  });

  it.each(Object.entries(SHARED_LEAF_PATHS))('reads back the shared %s files', (slot, base) => {
    expect(parseAssetPath(`${base}.key`)).toEqual({ kind: 'shared', slot, part: 'key' });
  });

  it('maps every per-machine path back to its own certificate, whatever the machine is called', () => {
    const seen = new Set<string>();
    for (const slot of Object.keys(MACHINE_LEAF_PREFIXES) as MachineLeafName[]) {
      for (const machine of TRICKY_NAMES) {
        const path = `${leafPath(slot, machine)}.crt`;
        expect(seen.has(path)).toBe(false);
        seen.add(path);
        expect(parseAssetPath(path)).toEqual({ kind: 'machine', slot, machine, part: 'crt' });
      }
    }
  });

  it('reads the service-account pair', () => {
    expect(parseAssetPath('pki/sa.key')).toEqual({ kind: 'service-account', part: 'key' });
    expect(parseAssetPath('pki/sa.pub')).toEqual({ kind: 'service-account', part: 'pub' });
  });

  it.each([
    KUBECONFIG_PATHS.admin,
    KUBECONFIG_PATHS.kubelet('a'),
    'pki/sa.crt',
    'pki/ca.pub',
    'pki/unknown.crt',
    'pki/apiserver/server-.crt',
    'pki/kubelet/server-a/b.crt',
    'README.md',
  ])('ignores %s', (path) => {
    expect(parseAssetPath(path)).toBeUndefined();
  });
});
