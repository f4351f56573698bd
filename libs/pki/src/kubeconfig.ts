import { InputError, type FieldProblem } from '@strata/errors';
import { stringify } from 'yaml';

/** What {@link renderKubeconfig} needs: one cluster, one user, PEM credentials. */
export interface KubeconfigInput {
  /** Name of the cluster entry, usually the cluster's name. */
  clusterName: string;
  /** API server URL, e.g. `https://api.example.com:6443`. */
  server: string;
  /** PEM of the CA that signed the API server's serving certificate. */
  caPem: string;
  /** Name of the user entry, usually the certificate's common name. */
  user: string;
  /** PEM client certificate. */
  certPem: string;
  /** PEM private key of the client certificate. */
  keyPem: string;
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * Renders a self-contained kubeconfig (YAML) with the CA, client certificate and key embedded
 * as base64 `*-data` fields, one context `<user>@<clusterName>`, selected as current.
 * @throws InputError naming each empty field, or a server that is not an https:// URL.
 */
export function renderKubeconfig(input: KubeconfigInput): string {
  const problems: FieldProblem[] = [];
  for (const field of ['clusterName', 'server', 'caPem', 'user', 'certPem', 'keyPem'] as const) {
    if (typeof input[field] !== 'string' || input[field].trim() === '') {
      problems.push({ path: field, message: 'must be a non-empty string' });
    }
  }
  if (problems.length === 0 && !/^https:\/\/[^/\s]+/.test(input.server)) {
    problems.push({ path: 'server', message: `"${input.server}" must be an https:// URL` });
  }
  if (problems.length > 0) throw new InputError('invalid kubeconfig input', problems);

  const context = `${input.user}@${input.clusterName}`;
  return stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: input.clusterName,
          cluster: { 'certificate-authority-data': base64(input.caPem), server: input.server },
        },
      ],
      users: [
        {
          name: input.user,
          user: { 'client-certificate-data': base64(input.certPem), 'client-key-data': base64(input.keyPem) },
        },
      ],
      contexts: [{ name: context, context: { cluster: input.clusterName, user: input.user } }],
      'current-context': context,
      preferences: {},
    },
    { lineWidth: 0 },
  );
}
