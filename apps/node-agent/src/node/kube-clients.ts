import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { CoordinationV1Api, CoreV1Api, createConfiguration, KubeConfig, ServerConfiguration, type Middleware } from '@kubernetes/client-node';
import { InputError } from '@strata/errors';

/** The API clients the agent uses, all bound to one server with the node's credentials. */
export interface KubeClients {
  server: string;
  core: CoreV1Api;
  coordination: CoordinationV1Api;
}

/** Aborts any API call that has not answered within `ms`, so a hung apiserver never stalls the heartbeat. */
function timeoutMiddleware(ms: number): Middleware {
  return {
    pre: (context) => {
      context.setSignal(AbortSignal.timeout(ms));
      return Promise.resolve(context);
    },
    post: (response) => Promise.resolve(response),
  };
}

/**
 * Loads the node kubeconfig from the machine root and builds API clients. File
 * references inside the kubeconfig (absolute machine paths) are resolved inside the
 * root too. `server` replaces the kubeconfig's server URL.
 * @throws InputError when the kubeconfig cannot be read or has no current cluster.
 */
export function kubeClients(root: string, kubeconfigPath: string, options: { server?: string; timeoutMs?: number } = {}): KubeClients {
  const path = join(root, kubeconfigPath);
  const kc = new KubeConfig();
  try {
    kc.loadFromString(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InputError(
      `node kubeconfig ${path} cannot be read: ${(error as Error).message}`,
      [{ path: 'kubeconfig', message: (error as Error).message }],
      error,
    );
  }
  const inRoot = (file: string | undefined) => (file && isAbsolute(file) ? join(root, file) : file);
  const current = kc.getCurrentCluster();
  if (!current) throw new InputError(`node kubeconfig ${path} has no current cluster`, [{ path: 'kubeconfig', message: 'no current context' }]);
  const server = options.server ?? current.server;
  kc.loadFromOptions({
    clusters: kc.clusters.map((c) => (c.name === current.name ? { ...c, server, caFile: inRoot(c.caFile) } : { ...c, caFile: inRoot(c.caFile) })),
    users: kc.users.map((u) => ({ ...u, certFile: inRoot(u.certFile), keyFile: inRoot(u.keyFile) })),
    contexts: kc.contexts,
    currentContext: kc.currentContext,
  });
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(server, {}),
    authMethods: { default: kc },
    promiseMiddleware: [timeoutMiddleware(options.timeoutMs ?? 10_000)],
  });
  return { server, core: new CoreV1Api(configuration), coordination: new CoordinationV1Api(configuration) };
}
