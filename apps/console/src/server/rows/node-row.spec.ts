import type { V1Node, V1NodeSystemInfo } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { nodeRow } from './node-row';

const node = (extra: { unschedulable?: boolean; ready?: string; labels?: Record<string, string> } = {}): V1Node => ({
  metadata: { uid: 'n1', name: 'cp-0', labels: extra.labels ?? { 'node-role.kubernetes.io/control-plane': '' } },
  spec: { unschedulable: extra.unschedulable ?? false },
  status: {
    conditions: extra.ready === undefined ? [] : [{ type: 'Ready', status: extra.ready }],
    nodeInfo: { osImage: 'Strata Container Linux', kubeletVersion: 'v1.37.2' } as V1NodeSystemInfo,
    addresses: [
      { type: 'InternalIP', address: '127.0.0.2' },
      { type: 'Hostname', address: 'cp-0' },
    ],
  },
});

describe('nodeRow', () => {
  it.each([
    ['True', 'Ready'],
    ['False', 'NotReady'],
    ['Unknown', 'Unknown'],
    [undefined, 'Unknown'],
  ])('reads Ready=%s as %s', (status, expected) => {
    expect(nodeRow(node(status === undefined ? {} : { ready: status })).ready).toBe(expected);
  });

  it('carries the Ready message, which tells a restarted node agent', () => {
    const restarted = node({ ready: 'True' });
    restarted.status!.conditions![0]!.message = 'node agent is posting ready status; restarted 1 time by its machine';
    expect(nodeRow(restarted).readyMessage).toBe('node agent is posting ready status; restarted 1 time by its machine');
    expect(nodeRow(node()).readyMessage).toBe('');
  });

  it('reads roles from node-role labels, worker when there is none', () => {
    expect(nodeRow(node()).roles).toEqual(['control-plane']);
    expect(nodeRow(node({ labels: {} })).roles).toEqual(['worker']);
  });

  it('shows a cordoned node as not schedulable, with OS image and addresses', () => {
    expect(nodeRow(node({ unschedulable: true, ready: 'True' }))).toMatchObject({
      schedulable: false,
      osImage: 'Strata Container Linux',
      kubeletVersion: 'v1.37.2',
      addresses: ['InternalIP=127.0.0.2', 'Hostname=cp-0'],
    });
  });
});
