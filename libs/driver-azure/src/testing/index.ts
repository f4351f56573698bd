export { azureContext, azureContextRef, armPlatform, useArmCredentials } from './azure-context';
export type { ArmEndpoint, AzureContextRef } from './azure-context';
