import { describe, expect, it } from 'vitest';
import { parseCluster } from '@strata/cluster-config';
import { InputError } from '@strata/errors';
import { awsClients } from './clients';

const cluster = parseCluster(
  JSON.stringify({
    apiVersion: 'strata.dev/v1alpha1',
    kind: 'Cluster',
    metadata: { name: 'keys' },
    spec: {
      baseDomain: 'example.com',
      platform: { aws: { region: 'eu-central-1' } },
      controlPlane: { replicas: 1 },
      workers: [{ name: 'default', replicas: 1 }],
    },
  }),
  { format: 'json' },
);
const key = (accessKeyId: string, sessionToken?: string) => ({
  kind: 'access-key',
  values: { accessKeyId, secretAccessKey: `secret-of-${accessKeyId}`, ...(sessionToken ? { sessionToken } : {}) },
});

describe('awsClients', () => {
  it('keeps one set of clients per cluster and credential, so two installs with different keys never share one', async () => {
    const a = awsClients(cluster, key('AKIAAAAAAAAAAAAAAAAA'));
    const b = awsClients(cluster, key('AKIABBBBBBBBBBBBBBBB'));
    expect(awsClients(cluster, key('AKIAAAAAAAAAAAAAAAAA'))).toBe(a);
    expect(b).not.toBe(a);
    expect(awsClients(cluster)).not.toBe(a);
    expect(await a.ec2.config.credentials()).toMatchObject({ accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 'secret-of-AKIAAAAAAAAAAAAAAAAA' });
    expect(await b.route53.config.credentials()).toMatchObject({ accessKeyId: 'AKIABBBBBBBBBBBBBBBB' });
  });

  it('signs with the session token of temporary credentials', async () => {
    const clients = awsClients(cluster, key('ASIATEMPORARYKEY0000', 'FwoGZXIvYXdzEXAMPLE'));
    expect(await clients.sts.config.credentials()).toMatchObject({ sessionToken: 'FwoGZXIvYXdzEXAMPLE' });
  });

  it('refuses a credential of another kind or without its secret, naming the field', () => {
    expect(() => awsClients(cluster, { kind: 'service-principal', values: {} })).toThrow(InputError);
    expect(() => awsClients(cluster, { kind: 'access-key', values: { accessKeyId: 'AKIA' } })).toThrow(
      expect.objectContaining({ problems: [expect.objectContaining({ path: 'values.secretAccessKey' })] }),
    );
  });
});
