/** Types of the sections of a fully defaulted Cluster, derived from the schemas. */
import type { z } from 'zod';
import type { NetworkingSchema } from './networking';
import type { ControlPlaneSchema, NodePoolSchema, TaintSchema } from './node-pool';
import type { AwsPlatformSchema } from './platform-aws';
import type { AzurePlatformSchema } from './platform-azure';
import type { LocalPlatformSchema } from './platform-local';
import type { OpenStackPlatformSchema } from './platform-openstack';

export type LocalPlatform = z.infer<typeof LocalPlatformSchema>;
export type AwsPlatform = z.infer<typeof AwsPlatformSchema>;
export type AzurePlatform = z.infer<typeof AzurePlatformSchema>;
export type OpenStackPlatform = z.infer<typeof OpenStackPlatformSchema>;
export type Networking = z.infer<typeof NetworkingSchema>;
export type ControlPlane = z.infer<typeof ControlPlaneSchema>;
export type NodePool = z.infer<typeof NodePoolSchema>;
export type Taint = z.infer<typeof TaintSchema>;
