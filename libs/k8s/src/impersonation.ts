import type { RequestOptions } from 'node:https';
import { KubeConfig, type RequestContext } from '@kubernetes/client-node';

/**
 * Who a connection acts as: every request carries `Impersonate-User` and
 * `Impersonate-Group`, so the API server authorizes (and audits) it as that user while
 * the connection keeps authenticating with its own credentials. See
 * https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation.
 * The credentials need the `impersonate` verb on users and groups (system:masters has it).
 */
export interface Impersonation {
  /** The user name the API server sees, e.g. `strata:alice`. */
  user: string;
  /**
   * The one group the user is in, e.g. `strata:operators`. One group only: client-node's
   * fetch-based clients hold one value per header name, and a comma-joined value would be
   * read by the API server as a single group name. The API server adds
   * `system:authenticated` by itself.
   */
  group: string;
}

/** The headers a request made as `who` carries (header names as the API server documents them). */
export function impersonationHeaders(who: Impersonation): Record<string, string> {
  return { 'Impersonate-User': who.user, 'Impersonate-Group': who.group };
}

/**
 * A KubeConfig whose every request impersonates one user. client-node 2.0 only knows
 * `Impersonate-User` (the kubeconfig's `as`), so both ways a request leaves it are
 * extended here: `applySecurityAuthentication` (the typed API clients and
 * KubernetesObjectApi) and `applyToHTTPSOptions` (raw requests and watches in this lib).
 * The headers are set after the base class ran, so an `as:` in the stored kubeconfig
 * cannot override them.
 */
export class ImpersonatingKubeConfig extends KubeConfig {
  readonly impersonation: Impersonation;

  constructor(base: KubeConfig, impersonation: Impersonation) {
    super();
    this.clusters = base.clusters;
    this.users = base.users;
    this.contexts = base.contexts;
    this.currentContext = base.currentContext;
    this.impersonation = impersonation;
  }

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    for (const [name, value] of Object.entries(impersonationHeaders(this.impersonation))) context.setHeaderParam(name, value);
  }

  override async applyToHTTPSOptions(opts: Parameters<KubeConfig['applyToHTTPSOptions']>[0]): Promise<void> {
    await super.applyToHTTPSOptions(opts);
    const options = opts as RequestOptions;
    options.headers = { ...options.headers, ...impersonationHeaders(this.impersonation) };
  }
}
