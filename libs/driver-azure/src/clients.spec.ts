import { describe, expect, it } from 'vitest';
import { parseCluster } from '@strata/cluster-config';
import { azureClients } from './clients';

const cluster = parseCluster(
  JSON.stringify({
    apiVersion: 'strata.dev/v1alpha1',
    kind: 'Cluster',
    metadata: { name: 'principals' },
    spec: {
      baseDomain: 'example.com',
      platform: { azure: { subscriptionId: '6b2d9a3e-4f1c-4c8e-9d2a-1f0e7b5c3a91', location: 'westeurope' } },
      controlPlane: { replicas: 1 },
      workers: [{ name: 'default', replicas: 1 }],
    },
  }),
  { format: 'json' },
);
const principal = (clientSecret: string) => ({
  kind: 'service-principal',
  values: {
    tenantId: '0f7c1e2d-8a4b-4d3c-b6e5-2a9f8c7d1e0b',
    clientId: 'a6b0c2d4-1e3f-4a5b-8c7d-9e0f1a2b3c4d',
    clientSecret,
    subscriptionId: '6b2d9a3e-4f1c-4c8e-9d2a-1f0e7b5c3a91',
  },
});

describe('azureClients', () => {
  it('keeps one set of clients per cluster and credential, the stored principal in place of the environment', () => {
    const a = azureClients(cluster, principal('secret-a'), {});
    expect(azureClients(cluster, principal('secret-a'), {})).toBe(a);
    expect(azureClients(cluster, principal('secret-b'), {})).not.toBe(a);
    expect(a.credentialKind).toBe('stored service principal');
    const environment = azureClients(cluster, undefined, { AZURE_CLIENT_ID: 'x', AZURE_CLIENT_SECRET: 'y', AZURE_TENANT_ID: 'z' });
    expect(environment).not.toBe(a);
    expect(environment.credentialKind).toBe('service principal (secret)');
  });

  it('refuses a credential without its secret, naming the field', () => {
    expect(() => azureClients(cluster, principal(''), {})).toThrow(
      expect.objectContaining({ problems: [expect.objectContaining({ path: 'values.clientSecret' })] }),
    );
  });
});
