/** `spec.platform.azure`: machines are virtual machines in one resource group and virtual network. */
import { z } from 'zod';
import { show } from '../formats/show';
import { checkedString, endpointUrl, nonEmptyString, uuidString } from './fields';
import { machineTypeOverrides } from './machine-type-field';

const LOCATION = /^[a-z][a-z0-9]*$/;
// Azure resource group names: 1-90 letters, digits, '_', '-', '.', '(' or ')', not ending in '.'.
const RESOURCE_GROUP = /^[-\w.()]{0,89}[-\w()]$/;
const VM_SIZE = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** The Azure clouds with their own management endpoints. */
export const AZURE_CLOUD_NAMES = ['AzurePublicCloud', 'AzureUSGovernmentCloud', 'AzureChinaCloud'] as const;

/** Schema of `spec.platform.azure`. */
export const AzurePlatformSchema = z
  .strictObject({
    subscriptionId: uuidString('Subscription that pays for and holds the cluster resources.'),
    tenantId: uuidString('Microsoft Entra tenant to authenticate against; defaults to the tenant of the credentials.').optional(),
    location: checkedString(
      (v) => (LOCATION.test(v) ? undefined : `must be an Azure location name such as westeurope or eastus2 (lowercase, no spaces); got ${show(v)}`),
      { description: 'Azure location (region), e.g. westeurope.', pattern: LOCATION.source },
    ),
    resourceGroup: checkedString(
      (v) => (RESOURCE_GROUP.test(v) ? undefined : `must be 1-90 letters, digits, '_', '-', '.', '(' or ')' and must not end with '.'; got ${show(v)}`),
      { description: 'Resource group for the cluster; omit it to let the installer create "<cluster name>-rg".', pattern: RESOURCE_GROUP.source },
    ).optional(),
    cloudName: z
      .enum(AZURE_CLOUD_NAMES)
      .default('AzurePublicCloud')
      .meta({ description: 'Which Azure cloud to use; selects the default management and login endpoints.' }),
    endpoints: z
      .strictObject({
        resourceManager: endpointUrl('https://management.azure.com', 'Azure Resource Manager URL (Azure Stack Hub, emulators).').optional(),
        activeDirectory: endpointUrl('https://login.microsoftonline.com', 'Microsoft Entra login URL.').optional(),
      })
      .default({})
      .meta({ description: 'Endpoint overrides; unset endpoints come from cloudName.' }),
    imageReference: z
      .strictObject({
        publisher: nonEmptyString({ description: 'Image publisher, e.g. kinvolk.' }),
        offer: nonEmptyString({ description: 'Image offer, e.g. flatcar-container-linux-corevm-amd64.' }),
        sku: nonEmptyString({ description: 'Image SKU, e.g. stable-gen2.' }),
        version: nonEmptyString({ description: 'Image version, or latest.' }).default('latest'),
      })
      .optional()
      .meta({ description: 'Marketplace image to boot instead of the Flatcar image of the OS channel.' }),
    vmSizes: machineTypeOverrides(
      (v) => (VM_SIZE.test(v) ? undefined : `must be an Azure VM size such as Standard_D2s_v5; got ${show(v)}`),
      'Azure VM size',
      'Standard_D2as_v5',
    ).default({}),
  })
  .meta({ description: 'Run the cluster on Microsoft Azure.' });
