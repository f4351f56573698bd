import { AppsV1Api, CoreV1Api, KubeConfig, KubernetesObjectApi, VersionApi, type ApiType, type ApiConstructor } from '@kubernetes/client-node';
import { InputError } from '@strata/errors';
import { checkKubeconfigText } from './kubeconfig-text';
import { ImpersonatingKubeConfig, type Impersonation } from './impersonation';

/**
 * One cluster the console or installer talks to: a KubeConfig plus the API clients made
 * from it. Clients are created on first use and then reused, so a connection is cheap to
 * build per request and cheap to keep per cluster.
 */
export class ClusterConnection {
  readonly kubeConfig: KubeConfig;
  readonly #clients = new Map<ApiConstructor<ApiType>, ApiType>();
  #objects: KubernetesObjectApi | undefined;

  constructor(kubeConfig: KubeConfig) {
    if (!kubeConfig.getCurrentCluster()) {
      throw new InputError('the kubeconfig has no current cluster', [{ path: 'current-context', message: 'must name a context whose cluster exists' }]);
    }
    this.kubeConfig = kubeConfig;
  }

  /** Who this connection's requests impersonate, if anyone. */
  get impersonation(): Impersonation | undefined {
    return this.kubeConfig instanceof ImpersonatingKubeConfig ? this.kubeConfig.impersonation : undefined;
  }

  /**
   * The same cluster and credentials, with every request impersonating `who` (typed
   * clients, the generic object client, raw requests and watches alike). The API server
   * then applies that user's RBAC and admission policies instead of the credentials' own.
   */
  impersonating(who: Impersonation): ClusterConnection {
    // Only the clusters, users and contexts are taken over, so impersonating again replaces the user.
    return new ClusterConnection(new ImpersonatingKubeConfig(this.kubeConfig, who));
  }

  /** The API server URL of the current context, without a trailing slash. */
  get server(): string {
    return (this.kubeConfig.getCurrentCluster()?.server ?? '').replace(/\/+$/, '');
  }

  /** A typed API client (`CoreV1Api`, `AppsV1Api`, ...) for this cluster, made once. */
  api<T extends ApiType>(type: ApiConstructor<T>): T {
    let client = this.#clients.get(type);
    if (!client) {
      client = this.kubeConfig.makeApiClient(type);
      this.#clients.set(type, client);
    }
    return client as T;
  }

  get core(): CoreV1Api {
    return this.api(CoreV1Api);
  }

  get apps(): AppsV1Api {
    return this.api(AppsV1Api);
  }

  get version(): VersionApi {
    return this.api(VersionApi);
  }

  /** The discovery-driven generic client of client-node, for callers holding whole objects. */
  get objects(): KubernetesObjectApi {
    this.#objects ??= KubernetesObjectApi.makeApiClient(this.kubeConfig);
    return this.#objects;
  }
}

export interface KubeconfigOptions {
  /** Use this context instead of the kubeconfig's `current-context`. */
  contextName?: string;
  /** Talk to this API server URL instead of the one in the kubeconfig (e.g. a tunnel or proxy). */
  server?: string;
  /**
   * Accept credentials that run or read something on this machine: `exec` plugins,
   * `auth-provider`s and file paths (`token-file`, `client-certificate`, ...). Off by
   * default because kubeconfigs reach the console from users, and such an entry would
   * execute a command or read a file on the console's server.
   */
  allowLocalCredentials?: boolean;
}

/**
 * A connection from kubeconfig TEXT. The console keeps kubeconfigs encrypted at rest and
 * decrypts them in memory only, so this never touches the filesystem (unless
 * `allowLocalCredentials` lets the kubeconfig name files). Throws `InputError` naming the
 * offending field when the text is not a usable kubeconfig.
 */
export function connectionFromKubeconfig(yaml: string, options: KubeconfigOptions = {}): ClusterConnection {
  checkKubeconfigText(yaml, { allowLocalCredentials: options.allowLocalCredentials ?? false });
  const kc = new KubeConfig();
  try {
    kc.loadFromString(yaml);
  } catch (error) {
    throw new InputError(`the kubeconfig cannot be loaded: ${error instanceof Error ? error.message : String(error)}`, [], error);
  }
  if (options.contextName !== undefined) {
    if (!kc.getContextObject(options.contextName)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new InputError(`the kubeconfig has no context "${options.contextName}"`, [
        { path: 'contexts', message: `known contexts: ${known.length > 0 ? known.join(', ') : 'none'}` },
      ]);
    }
    kc.setCurrentContext(options.contextName);
  }
  if (!kc.getCurrentCluster()) {
    throw new InputError('the kubeconfig has no usable current context', [
      { path: 'current-context', message: 'must name a context whose cluster is listed under clusters' },
    ]);
  }
  if (options.server !== undefined) overrideServer(kc, options.server);
  return new ClusterConnection(kc);
}

/** Points the current context's cluster at another URL, keeping its CA and credentials. */
export function overrideServer(kc: KubeConfig, server: string): void {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new InputError(`"${server}" is not a URL`, [{ path: 'server', message: 'must be an https:// URL' }]);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(`"${server}" is not an http(s) URL`, [{ path: 'server', message: 'must be an https:// URL' }]);
  }
  const current = kc.getCurrentCluster();
  if (!current) return;
  kc.clusters = kc.clusters.map((c) => (c.name === current.name ? { ...c, server } : c));
}
