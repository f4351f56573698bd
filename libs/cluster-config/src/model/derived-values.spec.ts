import { describe, expect, it } from 'vitest';
import { withDefaults } from '../parse-cluster';
import type { ClusterInput } from '../schema/cluster-schema';
import { localAddressPlan, localUsableAddresses } from './local-addresses';
import { MACHINE_TYPE_TABLE, MACHINE_TYPES } from '../catalog/machine-types';
import { instanceTypeOf, platformOf } from './platform-of';
import { clusterDnsIP, firstServiceIP } from './service-ips';

function cluster(spec: Partial<ClusterInput['spec']> & Pick<ClusterInput['spec'], 'platform'>) {
  return withDefaults({ apiVersion: 'strata.dev/v1alpha1', kind: 'Cluster', metadata: { name: 'demo' }, spec: { baseDomain: 'example.com', ...spec } });
}

describe('service IPs', () => {
  it('takes the 1st and 10th address of the service network', () => {
    const c = cluster({ platform: { local: {} } });
    expect(firstServiceIP(c)).toBe('172.30.0.1');
    expect(clusterDnsIP(c)).toBe('172.30.0.10');
  });

  it('follows a custom service network', () => {
    const c = cluster({ platform: { local: {} }, networking: { serviceCIDR: '10.96.0.0/12' } });
    expect(firstServiceIP(c)).toBe('10.96.0.1');
    expect(clusterDnsIP(c)).toBe('10.96.0.10');
  });
});

describe('localAddressPlan', () => {
  it('gives the API the first host address and the machines the next ones', () => {
    const plan = localAddressPlan(cluster({ platform: { local: { addressRange: '127.42.0.0/24', apiPort: 16443 } } }));
    expect(plan).toEqual({
      apiAddress: '127.42.0.1',
      apiPort: 16443,
      machines: [
        { name: 'demo-cp-0', address: '127.42.0.2' },
        { name: 'demo-default-0', address: '127.42.0.3' },
        { name: 'demo-default-1', address: '127.42.0.4' },
      ],
    });
  });

  it('fits exactly into the smallest range validation accepts', () => {
    // 3 machines + API = 4 addresses: a /29 has 6 usable, a /30 only 2.
    expect(localUsableAddresses(29)).toBe(6);
    expect(localUsableAddresses(30)).toBe(2);
    expect(localUsableAddresses(32)).toBe(1);
    const plan = localAddressPlan(cluster({ platform: { local: { addressRange: '127.1.0.8/29' } } }));
    expect(plan.machines.at(-1)?.address).toBe('127.1.0.12');
  });

  it('refuses clusters on other platforms', () => {
    expect(() => localAddressPlan(cluster({ platform: { aws: { region: 'us-east-1' } } }))).toThrow(/does not run on the local platform/);
  });
});

describe('machine types', () => {
  it('maps every machine type on every platform', () => {
    for (const platform of Object.values(MACHINE_TYPE_TABLE)) {
      expect(Object.keys(platform).sort()).toEqual([...MACHINE_TYPES].sort());
    }
  });

  it('resolves built-in names and per-platform overrides', () => {
    const aws = cluster({ platform: { aws: { region: 'us-east-1', instanceTypes: { large: 'r6i.2xlarge' } } } });
    expect(instanceTypeOf(aws, 'small')).toBe('m6i.large');
    expect(instanceTypeOf(aws, 'large')).toBe('r6i.2xlarge');
    const azure = cluster({
      platform: { azure: { subscriptionId: '6b2d9a3e-4f1c-4c8e-9d2a-1f0e7b5c3a91', location: 'westeurope', vmSizes: { small: 'Standard_B2s' } } },
    });
    expect(instanceTypeOf(azure, 'small')).toBe('Standard_B2s');
    expect(instanceTypeOf(azure, 'medium')).toBe('Standard_D4s_v5');
    const openstack = cluster({ platform: { openstack: { cloud: 'lab', externalNetwork: 'public', flavors: { medium: 'c4.m8' } } } });
    expect(instanceTypeOf(openstack, 'medium')).toBe('c4.m8');
    expect(instanceTypeOf(openstack, 'large')).toBe('m1.xlarge');
    expect(instanceTypeOf(cluster({ platform: { local: {} } }), 'small')).toBe('local-small');
  });

  it('names the platform a cluster runs on', () => {
    expect(platformOf(cluster({ platform: { openstack: { cloud: 'lab', externalNetwork: 'public' } } }))).toMatchObject({
      name: 'openstack',
      config: { cloud: 'lab' },
    });
  });
});
