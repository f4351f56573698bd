import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { stringify } from 'yaml';

/** A kubeconfig with a real (freshly generated) client key, and the secrets it holds. */
export interface KubeconfigFixture {
  yaml: string;
  /** The client key PEM and its base64 as written in the file. */
  keyPem: string;
  keyData: string;
  token: string;
}

/**
 * A self-contained kubeconfig like the installer writes (client certificate + key embedded),
 * plus a bearer token user, so tests can look for each secret in the database's bytes.
 */
export function kubeconfigFixture(options: { server?: string; cluster?: string } = {}): KubeconfigFixture {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keyPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const keyData = Buffer.from(keyPem).toString('base64');
  const token = randomBytes(24).toString('hex');
  const cluster = options.cluster ?? 'demo';
  const yaml = stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: cluster,
          cluster: { server: options.server ?? 'https://127.0.0.1:6443', 'certificate-authority-data': Buffer.from('not a real CA').toString('base64') },
        },
      ],
      users: [
        { name: 'admin', user: { 'client-certificate-data': Buffer.from('not a real certificate').toString('base64'), 'client-key-data': keyData } },
        { name: 'robot', user: { token } },
      ],
      contexts: [
        { name: `admin@${cluster}`, context: { cluster, user: 'admin', namespace: 'kube-system' } },
        { name: `robot@${cluster}`, context: { cluster, user: 'robot' } },
      ],
      'current-context': `admin@${cluster}`,
    },
    { lineWidth: 0 },
  );
  return { yaml, keyPem, keyData, token };
}
