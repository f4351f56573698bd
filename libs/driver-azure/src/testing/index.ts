export { azureContext, azureContextRef, armPlatform, useArmCredentials } from './azure-context';
export type { ArmEndpoint, AzureContextRef } from './azure-context';
export { startRecordingProxy } from './recording-proxy';
export type { RecordedRequest, RecordingProxy } from './recording-proxy';
