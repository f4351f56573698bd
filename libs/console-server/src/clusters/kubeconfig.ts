import { InputError, type FieldProblem } from '@strata/errors';
import { parse, stringify } from 'yaml';

/** How a validated kubeconfig authenticates to its cluster. */
export type KubeconfigAuth = 'client-certificate' | 'token' | 'basic';

/** What {@link validateKubeconfig} found in a kubeconfig. */
export interface KubeconfigSummary {
  /** The current context, the one the console uses. */
  context: string;
  cluster: string;
  user: string;
  /** The API server URL. */
  server: string;
  namespace?: string;
  auth: KubeconfigAuth;
  /** The cluster entry sets `insecure-skip-tls-verify` (only accepted when an admin accepted the risk). */
  insecureSkipTlsVerify: boolean;
  /** The kubeconfig cut down to the current context, its cluster and its user (what is stored). */
  minified: string;
}

/** Largest kubeconfig accepted. */
export const MAX_KUBECONFIG_BYTES = 1024 * 1024;

type Entry = { index: number; name: string; body: Record<string, unknown> };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** The entry named `name` in a kubeconfig list such as `clusters`, whose body sits under `field`. */
function findEntry(doc: Record<string, unknown>, list: string, field: string, name: string, problems: FieldProblem[], refPath: string): Entry | undefined {
  const items = doc[list];
  if (items !== undefined && items !== null && !Array.isArray(items)) {
    problems.push({ path: list, message: 'must be a list' });
    return undefined;
  }
  const index = (Array.isArray(items) ? items : []).findIndex((item) => isObject(item) && item['name'] === name);
  if (index < 0) {
    problems.push({ path: refPath, message: `names ${field} "${name}", which is not in ${list}` });
    return undefined;
  }
  const item: unknown = (items as unknown[])[index];
  const body = isObject(item) ? item[field] : undefined;
  if (!isObject(body)) {
    problems.push({ path: `${list}[${index}].${field}`, message: `must be a mapping` });
    return undefined;
  }
  return { index, name, body };
}

// Each credential that reads a file or runs a program on the console's server is refused:
// the kubeconfig is stored and used there, where neither is present nor safe to allow.
const REFUSED_USER_FIELDS: Record<string, string> = {
  exec: 'runs a program to get credentials, which the console will not run on its server; use a kubeconfig with a client certificate or a token',
  'auth-provider': 'uses an auth provider plugin, which the console does not run; use a kubeconfig with a client certificate or a token',
  'token-file': "reads the token from a file on the console's server; embed it as token",
  'client-certificate': 'reads the certificate from a file; embed it as client-certificate-data',
  'client-key': 'reads the key from a file; embed it as client-key-data',
};

function checkUser(entry: Entry, problems: FieldProblem[]): KubeconfigAuth | undefined {
  const base = `users[${entry.index}].user`;
  const before = problems.length;
  for (const [field, message] of Object.entries(REFUSED_USER_FIELDS)) {
    if (entry.body[field] !== undefined) problems.push({ path: `${base}.${field}`, message });
  }
  const cert = entry.body['client-certificate-data'];
  const key = entry.body['client-key-data'];
  if (cert !== undefined || key !== undefined) {
    if (!nonEmpty(cert)) problems.push({ path: `${base}.client-certificate-data`, message: 'must be given with client-key-data' });
    if (!nonEmpty(key)) problems.push({ path: `${base}.client-key-data`, message: 'must be given with client-certificate-data' });
    return problems.length === before ? 'client-certificate' : undefined;
  }
  if (nonEmpty(entry.body['token'])) return problems.length === before ? 'token' : undefined;
  if (nonEmpty(entry.body['username']) && nonEmpty(entry.body['password'])) return problems.length === before ? 'basic' : undefined;
  if (problems.length === before) {
    problems.push({ path: base, message: 'has no credentials: needs client-certificate-data and client-key-data, a token, or username and password' });
  }
  return undefined;
}

/** Choices an admin makes explicitly when importing a kubeconfig. */
export interface KubeconfigChecks {
  /**
   * Accept a cluster entry with `insecure-skip-tls-verify: true`: the console then cannot tell
   * the real API server from anything in between. Off unless an admin accepts the risk.
   */
  acceptInsecureTls?: boolean;
}

function checkCluster(entry: Entry, problems: FieldProblem[], checks: KubeconfigChecks): string | undefined {
  const base = `clusters[${entry.index}].cluster`;
  const server = entry.body['server'];
  let ok: string | undefined;
  if (!nonEmpty(server)) {
    problems.push({ path: `${base}.server`, message: 'must be the API server URL, e.g. https://api.example.com:6443' });
  } else {
    let url: URL | undefined;
    try {
      url = new URL(server);
    } catch {
      url = undefined;
    }
    // Plain HTTP would send the credentials in the clear and lets an import probe any HTTP service.
    if (!url || url.protocol !== 'https:') problems.push({ path: `${base}.server`, message: `"${server}" must be an https:// URL` });
    else ok = server;
  }
  const insecure = entry.body['insecure-skip-tls-verify'];
  if (insecure !== undefined && insecure !== false && !checks.acceptInsecureTls) {
    problems.push({
      path: `${base}.insecure-skip-tls-verify`,
      message:
        'turns off verification of the API server certificate; embed the CA as certificate-authority-data, or accept the risk explicitly (acceptInsecureTls)',
    });
    ok = undefined;
  }
  if (entry.body['certificate-authority'] !== undefined) {
    problems.push({ path: `${base}.certificate-authority`, message: 'reads the CA from a file; embed it as certificate-authority-data' });
    ok = undefined;
  }
  return ok;
}

/**
 * Validates a kubeconfig for the console: YAML with a current context whose cluster has a
 * server URL and whose user has embedded credentials. Reports every problem with its path.
 * @throws InputError listing the problems.
 */
export function validateKubeconfig(text: string, checks: KubeconfigChecks = {}): KubeconfigSummary {
  if (typeof text !== 'string' || text.trim() === '') throw new InputError('the kubeconfig is empty', [{ path: 'kubeconfig', message: 'must not be empty' }]);
  if (Buffer.byteLength(text, 'utf8') > MAX_KUBECONFIG_BYTES) {
    throw new InputError('the kubeconfig is too large', [{ path: 'kubeconfig', message: `must be at most ${MAX_KUBECONFIG_BYTES} bytes` }]);
  }
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new InputError(`the kubeconfig is not valid YAML: ${message}`, [{ path: 'kubeconfig', message }], error);
  }
  if (!isObject(doc))
    throw new InputError('the kubeconfig is not a YAML mapping', [{ path: 'kubeconfig', message: 'must be a kubeconfig document (kind: Config)' }]);

  const problems: FieldProblem[] = [];
  if (doc['kind'] !== undefined && doc['kind'] !== 'Config') problems.push({ path: 'kind', message: `must be Config (got ${JSON.stringify(doc['kind'])})` });
  const currentName = doc['current-context'];
  if (!nonEmpty(currentName)) {
    problems.push({ path: 'current-context', message: 'must name the context the console should use' });
    throw new InputError('the kubeconfig is not usable', problems);
  }
  const context = findEntry(doc, 'contexts', 'context', currentName, problems, 'current-context');
  let cluster: Entry | undefined;
  let user: Entry | undefined;
  if (context) {
    const clusterName = context.body['cluster'];
    const userName = context.body['user'];
    if (!nonEmpty(clusterName)) problems.push({ path: `contexts[${context.index}].context.cluster`, message: 'must name a cluster' });
    else cluster = findEntry(doc, 'clusters', 'cluster', clusterName, problems, `contexts[${context.index}].context.cluster`);
    if (!nonEmpty(userName)) problems.push({ path: `contexts[${context.index}].context.user`, message: 'must name a user' });
    else user = findEntry(doc, 'users', 'user', userName, problems, `contexts[${context.index}].context.user`);
  }
  const server = cluster ? checkCluster(cluster, problems, checks) : undefined;
  const auth = user ? checkUser(user, problems) : undefined;
  if (problems.length > 0 || !context || !cluster || !user || !server || !auth) {
    throw new InputError(`the kubeconfig is not usable: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  }
  const namespace = context.body['namespace'];
  const minified = stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: cluster.name, cluster: cluster.body }],
      users: [{ name: user.name, user: user.body }],
      contexts: [{ name: context.name, context: context.body }],
      'current-context': context.name,
    },
    { lineWidth: 0 },
  );
  return {
    context: context.name,
    cluster: cluster.name,
    user: user.name,
    server,
    ...(nonEmpty(namespace) ? { namespace } : {}),
    auth,
    insecureSkipTlsVerify: cluster.body['insecure-skip-tls-verify'] === true,
    minified,
  };
}
