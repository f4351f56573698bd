import { contextFromRef, contextRef, type DriverContextRef } from '@strata/driver-api';

/** What an AWS driver context is made of, as plain data another process can rebuild it from. */
export type AwsContextRef = DriverContextRef;

/** The context the installer gives the AWS driver for a cluster whose assets are rendered in `ref.assetsDir`. */
export const awsContext = contextFromRef;

/** `ctx` as the string the conformance child restores it from. */
export const awsContextRef = contextRef;

/** Static credentials moto accepts; the SDK's default chain reads them from the environment. */
export function useMotoCredentials(): void {
  process.env['AWS_ACCESS_KEY_ID'] = 'testing';
  process.env['AWS_SECRET_ACCESS_KEY'] = 'testing';
  delete process.env['AWS_PROFILE'];
  delete process.env['AWS_SESSION_TOKEN'];
}

/** The endpoints section pointing every service at `endpoint`. */
export function endpointsAt(endpoint: string): Record<string, string> {
  return { ec2: endpoint, elb: endpoint, iam: endpoint, route53: endpoint, s3: endpoint, sts: endpoint, serviceQuotas: endpoint };
}
