import type { Identity, TokenIssuer } from './token';

/** A response from the identity endpoints: status and JSON body. */
export interface LoginResponse {
  status: number;
  body: unknown;
}

/** AAD's error body (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow#error-response). */
function aadError(status: number, error: string, code: number, description: string): LoginResponse {
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description}`,
      error_codes: [code],
      timestamp: new Date().toISOString(),
      trace_id: crypto.randomUUID(),
      correlation_id: crypto.randomUUID(),
    },
  };
}

/** Claims of a client assertion (certificate credential): checked for the client, not for the signature. */
function assertionSubject(assertion: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: string };
    return payload.sub;
  } catch {
    return undefined;
  }
}

/**
 * The Microsoft identity platform endpoints `@azure/identity` (MSAL) calls for the client
 * credentials flow: the tenant's OpenID configuration, instance discovery and the v2.0
 * token endpoint. Returns undefined for paths that are not identity paths.
 */
export function handleLogin(
  method: string,
  path: string,
  form: URLSearchParams,
  origin: string,
  identity: Identity,
  issuer: TokenIssuer,
): LoginResponse | undefined {
  const parts = path.split('/').filter(Boolean);
  const tenant = parts[0] ?? '';
  const rest = parts.slice(1).join('/').toLowerCase();
  if (method === 'GET' && rest === 'discovery/instance') {
    const host = new URL(origin).host;
    return {
      status: 200,
      body: {
        tenant_discovery_endpoint: `${origin}/${tenant}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      },
    };
  }
  if (method === 'GET' && (rest === 'v2.0/.well-known/openid-configuration' || rest === '.well-known/openid-configuration')) {
    if (tenant !== identity.tenantId && tenant !== 'organizations' && tenant !== 'common') {
      return aadError(400, 'invalid_tenant', 90002, `Tenant '${tenant}' not found.`);
    }
    const base = `${origin}/${identity.tenantId}`;
    return {
      status: 200,
      body: {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        jwks_uri: `${origin}/${identity.tenantId}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${base}/v2.0`,
        request_uri_parameter_supported: false,
        userinfo_endpoint: `${origin}/oidc/userinfo`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'tid'],
        tenant_region_scope: 'EU',
        cloud_instance_name: 'microsoftonline.com',
        cloud_graph_host_name: 'graph.windows.net',
        msgraph_host: 'graph.microsoft.com',
      },
    };
  }
  if (method === 'POST' && (rest === 'oauth2/v2.0/token' || rest === 'oauth2/token')) {
    if (tenant !== identity.tenantId)
      return aadError(
        400,
        'invalid_request',
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    if (form.get('grant_type') !== 'client_credentials') return aadError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    const clientId = form.get('client_id') ?? '';
    if (clientId !== identity.clientId) {
      return aadError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${identity.tenantId}'.`);
    }
    const secret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    const good = secret !== null ? secret === identity.clientSecret : assertion !== null && assertionSubject(assertion) === identity.clientId;
    if (!good)
      return aadError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${identity.clientId}'.`,
      );
    const scope = form.get('scope') ?? `${form.get('resource') ?? 'https://management.azure.com'}/.default`;
    const minted = issuer.mint(scope.split(' ')[0]);
    return { status: 200, body: { token_type: 'Bearer', expires_in: minted.expiresIn, ext_expires_in: minted.expiresIn, access_token: minted.token } };
  }
  return undefined;
}
