import { parse } from 'yaml';
import { InputError, type FieldProblem } from '@strata/errors';

/** Keys whose value is a path or a command on the machine that loads the kubeconfig. */
const LOCAL_USER_KEYS = ['exec', 'auth-provider', 'token-file', 'client-certificate', 'client-key'] as const;
const LOCAL_CLUSTER_KEYS = ['certificate-authority'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entries(doc: Record<string, unknown>, list: 'users' | 'clusters', inner: 'user' | 'cluster'): [string, Record<string, unknown>][] {
  const items = doc[list];
  if (!Array.isArray(items)) return [];
  return items.flatMap((item, i): [string, Record<string, unknown>][] =>
    isRecord(item) && isRecord(item[inner]) ? [[`${list}[${i}].${inner}`, item[inner]]] : [],
  );
}

/**
 * Checks kubeconfig text before client-node loads it. client-node reads `token-file` while
 * parsing, so the check for local references must come first. Throws `InputError` with
 * one problem per offending field.
 */
export function checkKubeconfigText(text: string, options: { allowLocalCredentials: boolean }): void {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new InputError(`the kubeconfig is not valid YAML: ${error instanceof Error ? error.message : String(error)}`, [], error);
  }
  if (!isRecord(doc)) {
    throw new InputError('the kubeconfig is not a YAML mapping', [{ path: '', message: 'expected apiVersion, kind: Config, clusters, users, contexts' }]);
  }
  const problems: FieldProblem[] = [];
  for (const list of ['clusters', 'users', 'contexts'] as const) {
    if (!Array.isArray(doc[list]) || doc[list].length === 0) problems.push({ path: list, message: 'must be a non-empty list' });
  }
  if (!options.allowLocalCredentials) {
    for (const [path, user] of entries(doc, 'users', 'user')) {
      for (const key of LOCAL_USER_KEYS) {
        if (user[key] !== undefined) {
          problems.push({
            path: `${path}.${key}`,
            message: 'runs or reads something on the server; embed the credential (token, client-certificate-data) instead',
          });
        }
      }
    }
    for (const [path, cluster] of entries(doc, 'clusters', 'cluster')) {
      for (const key of LOCAL_CLUSTER_KEYS) {
        if (cluster[key] !== undefined) {
          problems.push({ path: `${path}.${key}`, message: 'reads a file on the server; use certificate-authority-data instead' });
        }
      }
    }
  }
  if (problems.length > 0) throw new InputError('the kubeconfig cannot be used', problems);
}
