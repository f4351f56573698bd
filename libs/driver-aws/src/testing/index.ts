export { startMoto, motoServerPath, MOTO_CREDENTIALS, MOTO_USER_NAME, MOTO_VERSION, FLATCAR_IMAGES, FLATCAR_OWNER_ID } from './moto';
export type { MotoServer, MotoUser, SeededImage } from './moto';
export { awsContext, awsContextRef, useMotoCredentials, endpointsAt } from './aws-context';
export type { AwsContextRef } from './aws-context';
export { startFaultProxy, serviceOf, actionOf, errorAnswer, THROTTLING_ERROR } from './fault-proxy';
export type { FaultProxy, FaultRule, ProxiedCall, AwsService } from './fault-proxy';
