export { azureContext, azureContextRef, armPlatform, createPublicZone, useArmCredentials } from './azure-context';
export type { ArmEndpoint, ArmSeedTarget, AzureContextRef } from './azure-context';
export { startRecordingProxy } from './recording-proxy';
export type { RecordedRequest, RecordingProxy } from './recording-proxy';
