/** The platforms a cluster can run on; a Cluster document sets exactly one of them. */
export const PLATFORM_NAMES = ['local', 'aws', 'azure', 'openstack'] as const;

/** One platform name. */
export type PlatformName = (typeof PLATFORM_NAMES)[number];

/** Platforms that need DNS under `spec.baseDomain` for the API endpoint. */
export const CLOUD_PLATFORM_NAMES = ['aws', 'azure', 'openstack'] as const;

/** One cloud platform name. */
export type CloudPlatformName = (typeof CLOUD_PLATFORM_NAMES)[number];
