/** `spec.platform`: exactly one platform section. */
import { z } from 'zod';
import { PLATFORM_NAMES } from '../catalog/platform-names';
import { asRecord, withCheck } from './fields';
import { AwsPlatformSchema } from './platform-aws';
import { AzurePlatformSchema } from './platform-azure';
import { LocalPlatformSchema } from './platform-local';
import { OpenStackPlatformSchema } from './platform-openstack';

/** Schema of `spec.platform`; the document format names the platform by its key, e.g. `platform: { local: {} }`. */
export const PlatformSchema = withCheck(
  z
    .strictObject({
      local: LocalPlatformSchema.optional(),
      aws: AwsPlatformSchema.optional(),
      azure: AzurePlatformSchema.optional(),
      openstack: OpenStackPlatformSchema.optional(),
    })
    .meta({
      description: 'Where the cluster runs: exactly one of local, aws, azure or openstack.',
      minProperties: 1,
      maxProperties: 1,
    }),
  (value, report) => {
    const platform = asRecord(value);
    if (!platform) return;
    const chosen = PLATFORM_NAMES.filter((name) => platform[name] !== undefined);
    if (chosen.length === 0) {
      report([], 'choose exactly one platform: local, aws, azure or openstack (e.g. platform: { local: {} })');
    } else if (chosen.length > 1) {
      report([], `sets ${chosen.join(' and ')}; a cluster runs on exactly one platform, keep one of them`);
    }
  },
);
