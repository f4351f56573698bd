export { awsDriver } from './aws-driver';
export { awsPlan, ROOT_VOLUME_GIB } from './plan';
export { awsClients } from './clients';
export type { AwsClients } from './clients';
export { providerError, THROTTLING_CODES } from './errors';
export { securityGroupRules } from './security-rules';
export type { IngressRule } from './security-rules';
export { policyFor } from './policies';
export { pointerConfig, ignitionKey, USER_DATA_LIMIT, FLATCAR_OWNER } from './handlers/machine';
