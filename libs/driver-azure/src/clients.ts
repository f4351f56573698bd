import { ComputeManagementClient } from '@azure/arm-compute';
import { DnsManagementClient } from '@azure/arm-dns';
import { NetworkManagementClient } from '@azure/arm-network';
import { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import { ResourceManagementClient } from '@azure/arm-resources';
import type { TokenCredential } from '@azure/core-auth';
import { AzureCliCredential, ChainedTokenCredential, ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential } from '@azure/identity';
import { platformOf, type AzurePlatform, type Cluster } from '@strata/cluster-config';
import { credentialKey, credentialValues, type Credential, type CredentialKind } from '@strata/driver-api';
import { ProviderError } from '@strata/errors';

/** Management and login endpoints of each Azure cloud. https://learn.microsoft.com/azure/azure-government/compare-azure-government-global-azure */
export const AZURE_CLOUDS: Record<AzurePlatform['cloudName'], { resourceManager: string; activeDirectory: string }> = {
  AzurePublicCloud: { resourceManager: 'https://management.azure.com', activeDirectory: 'https://login.microsoftonline.com' },
  AzureUSGovernmentCloud: { resourceManager: 'https://management.usgovcloudapi.net', activeDirectory: 'https://login.microsoftonline.us' },
  AzureChinaCloud: { resourceManager: 'https://management.chinacloudapi.cn', activeDirectory: 'https://login.chinacloudapi.cn' },
};

/** The SDK clients of one cluster's subscription, with its resource group and location. */
export interface AzureClients {
  subscriptionId: string;
  location: string;
  resourceGroup: string;
  credential: TokenCredential;
  /** Which credential was chosen, for messages (`service principal (secret)`, …). */
  credentialKind: string;
  /** The token scope of Azure Resource Manager in this cloud. */
  scope: string;
  resources: ResourceManagementClient;
  network: NetworkManagementClient;
  compute: ComputeManagementClient;
  privateDns: PrivateDnsManagementClient;
  dns: DnsManagementClient;
}

/** The platform section of an Azure cluster; anything else is a wiring mistake. */
export function azureConfig(cluster: Cluster): AzurePlatform {
  const platform = platformOf(cluster);
  if (platform.name !== 'azure') throw new ProviderError(`the Azure driver was given a ${platform.name} cluster`);
  return platform.config;
}

/** The cluster's resource group: the document's, else `<cluster name>-rg` (what the schema promises). */
export function resourceGroupOf(cluster: Cluster): string {
  return azureConfig(cluster).resourceGroup ?? `${cluster.metadata.name}-rg`;
}

/** Where the cluster's calls go: the document's overrides, else its cloud's endpoints. */
export function endpointsOf(config: Pick<AzurePlatform, 'cloudName' | 'endpoints'>): { resourceManager: string; activeDirectory: string } {
  const cloud = AZURE_CLOUDS[config.cloudName];
  return {
    resourceManager: (config.endpoints.resourceManager ?? cloud.resourceManager).replace(/\/+$/, ''),
    activeDirectory: (config.endpoints.activeDirectory ?? cloud.activeDirectory).replace(/\/+$/, ''),
  };
}

/** The credentials the Azure driver takes in place of the environment's: a service principal with a client secret, in one subscription. */
export const AZURE_CREDENTIAL_KINDS: readonly CredentialKind[] = [
  {
    kind: 'service-principal',
    title: 'Azure service principal',
    fields: [
      { name: 'tenantId', title: 'Tenant (directory) ID', secret: false },
      { name: 'clientId', title: 'Client (application) ID', secret: false },
      { name: 'clientSecret', title: 'Client secret', secret: true },
      { name: 'subscriptionId', title: 'Subscription ID', secret: false },
    ],
  },
];

/** What {@link azureCredential} reads of a platform section: its cloud, login endpoint override and tenant. */
type CredentialConfig = Pick<AzurePlatform, 'cloudName' | 'endpoints' | 'tenantId'>;

/**
 * The token credential of a stored `service-principal` credential, against the login
 * endpoint of `config`'s cloud (or its override). Its own tenant wins over the document's.
 * @throws InputError naming a missing field.
 */
export function servicePrincipalCredential(config: CredentialConfig, credential: Credential): { credential: TokenCredential; kind: string } {
  const values = credentialValues(AZURE_CREDENTIAL_KINDS, credential);
  const { activeDirectory } = endpointsOf(config);
  const options = { authorityHost: activeDirectory, disableInstanceDiscovery: config.endpoints.activeDirectory !== undefined };
  return {
    kind: 'stored service principal',
    credential: new ClientSecretCredential((values['tenantId'] ?? '').trim(), (values['clientId'] ?? '').trim(), values['clientSecret'] ?? '', options),
  };
}

/**
 * The credential of the environment, the way the Azure tools read it: a service principal
 * with a secret (`AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`) or a certificate
 * (`AZURE_CLIENT_ID`, `AZURE_CLIENT_CERTIFICATE_PATH`, optional
 * `AZURE_CLIENT_CERTIFICATE_PASSWORD`), in the document's `tenantId` or `AZURE_TENANT_ID`;
 * otherwise a managed identity (the user-assigned one of `AZURE_CLIENT_ID` when set) and
 * then the Azure CLI's login (`az login`). A service principal without a tenant is refused
 * when a token is first asked for, naming the fix.
 */
export function azureCredential(config: CredentialConfig, env: NodeJS.ProcessEnv = process.env): { credential: TokenCredential; kind: string } {
  const tenantId = config.tenantId ?? env['AZURE_TENANT_ID'];
  const clientId = env['AZURE_CLIENT_ID'];
  const { activeDirectory } = endpointsOf(config);
  // Instance discovery asks the public cloud's authority about the login host; an override
  // (Azure Stack Hub, a test server) is its own authority.
  const options = { authorityHost: activeDirectory, disableInstanceDiscovery: config.endpoints.activeDirectory !== undefined };
  const secret = env['AZURE_CLIENT_SECRET'];
  const certificate = env['AZURE_CLIENT_CERTIFICATE_PATH'];
  if (clientId && (secret || certificate)) {
    const kind = secret ? 'service principal (secret)' : 'service principal (certificate)';
    if (!tenantId) {
      return {
        kind,
        credential: {
          getToken: () =>
            Promise.reject(new ProviderError(`the ${kind} in AZURE_CLIENT_ID needs a tenant: set spec.platform.azure.tenantId or AZURE_TENANT_ID`)),
        },
      };
    }
    if (secret) return { kind, credential: new ClientSecretCredential(tenantId, clientId, secret, options) };
    return {
      kind,
      credential: new ClientCertificateCredential(
        tenantId,
        clientId,
        { certificatePath: certificate ?? '', certificatePassword: env['AZURE_CLIENT_CERTIFICATE_PASSWORD'] },
        options,
      ),
    };
  }
  return {
    kind: 'managed identity or Azure CLI login',
    credential: new ChainedTokenCredential(
      clientId ? new ManagedIdentityCredential({ clientId }) : new ManagedIdentityCredential(),
      new AzureCliCredential(tenantId ? { tenantId } : {}),
    ),
  };
}

/** Per cluster document, the clients of each credential it was used with, by {@link credentialKey}. */
const cache = new WeakMap<Cluster, Map<string, AzureClients>>();

/**
 * Clients for the cluster's subscription, at the document's endpoints, with `credential`
 * (the driver context's) or else the environment's. Kept per cluster and credential: two
 * installs of one document with different credentials never share a client. The SDK's own retries are off (`maxRetries: 0`): the
 * installer's `withRetries` is the one retry policy, so a throttled call is retried by one
 * schedule, not by two stacked ones. Long-running operations are still followed by the
 * SDK's pollers (`Azure-AsyncOperation` and `Location`, honouring `Retry-After`).
 */
export function azureClients(cluster: Cluster, stored?: Credential, env: NodeJS.ProcessEnv = process.env): AzureClients {
  const key = credentialKey(stored);
  const known = cache.get(cluster)?.get(key);
  if (known) return known;
  const config = azureConfig(cluster);
  const { resourceManager } = endpointsOf(config);
  // Tokens are for the cloud's Resource Manager audience, also when its address is overridden.
  const scope = `${AZURE_CLOUDS[config.cloudName].resourceManager}/.default`;
  const { credential, kind } = stored ? servicePrincipalCredential(config, stored) : azureCredential(config, env);
  const base = { endpoint: resourceManager, credentialScopes: [scope], retryOptions: { maxRetries: 0 } };
  const sub = config.subscriptionId;
  const clients: AzureClients = {
    subscriptionId: sub,
    location: config.location,
    resourceGroup: resourceGroupOf(cluster),
    credential,
    credentialKind: kind,
    scope,
    resources: new ResourceManagementClient(credential, sub, base),
    network: new NetworkManagementClient(credential, sub, base),
    // arm-compute's client takes its scopes under `credentials`.
    compute: new ComputeManagementClient(credential, sub, { endpoint: resourceManager, credentials: { scopes: [scope] }, retryOptions: { maxRetries: 0 } }),
    privateDns: new PrivateDnsManagementClient(credential, sub, base),
    dns: new DnsManagementClient(credential, sub, base),
  };
  const perCredential = cache.get(cluster) ?? new Map<string, AzureClients>();
  perCredential.set(key, clients);
  cache.set(cluster, perCredential);
  return clients;
}

/**
 * How often the SDK's pollers look at a long-running operation when Azure's answer names no
 * `Retry-After`: `STRATA_AZURE_POLL_INTERVAL_MS`, else the SDK's own 2 s. Real ARM sends a
 * `Retry-After`, which the pollers honour; test servers that answer at once want less.
 */
export function lro(env: NodeJS.ProcessEnv = process.env): { updateIntervalInMs?: number } {
  const ms = Number(env['STRATA_AZURE_POLL_INTERVAL_MS']);
  return Number.isFinite(ms) && ms > 0 ? { updateIntervalInMs: ms } : {};
}
