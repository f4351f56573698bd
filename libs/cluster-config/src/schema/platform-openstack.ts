/** `spec.platform.openstack`: machines are Nova servers on a Neutron network behind an Octavia load balancer. */
import { z } from 'zod';
import { show } from '../formats/show';
import { asRecord, endpointUrl, ipv4String, nonEmptyString, withCheck } from './fields';
import { machineTypeOverrides } from './machine-type-field';

const serviceEndpoint = (service: string, example: string) =>
  endpointUrl(example, `Endpoint URL of the ${service} service instead of the one in the Keystone catalog.`).optional();

/** Schema of `spec.platform.openstack.auth`: Keystone v3 password authentication without a clouds.yaml. */
export const OpenStackAuthSchema = z
  .strictObject({
    authUrl: endpointUrl('https://keystone.example.com:5000/v3', 'Keystone v3 URL.'),
    username: nonEmptyString({ description: 'User to authenticate as.' }),
    userDomainName: nonEmptyString({ description: 'Domain of the user.' }).default('Default'),
    projectName: nonEmptyString({ description: 'Project (tenant) that holds the cluster resources.' }),
    projectDomainName: nonEmptyString({ description: 'Domain of the project.' }).default('Default'),
    credentialsSecretFile: nonEmptyString({
      description: 'File holding the password; it stays out of the Cluster document so the document can be shared.',
    }),
  })
  .meta({ description: 'Keystone credentials given inline instead of a clouds.yaml entry.' });

/** Schema of `spec.platform.openstack`. */
export const OpenStackPlatformSchema = withCheck(
  z
    .strictObject({
      cloud: nonEmptyString({ description: 'Entry of clouds.yaml to authenticate with (set this or auth).' }).optional(),
      auth: OpenStackAuthSchema.optional(),
      region: nonEmptyString({ description: 'Keystone region, e.g. RegionOne; defaults to the only region of the catalog.' }).optional(),
      externalNetwork: nonEmptyString({ description: 'Name or id of the external network that provides floating IPs.' }),
      apiFloatingIP: ipv4String({ description: 'Existing floating IP for the API load balancer; omit to allocate one.' }).optional(),
      image: nonEmptyString({ description: 'Glance image name or id; omit to use the image named "flatcar-<os channel>".' }).optional(),
      flavors: machineTypeOverrides(
        (v) => (/^\S+$/.test(v) ? undefined : `must be a Nova flavor name or id without spaces; got ${show(v)}`),
        'Nova flavor',
        'c2.large',
      ).default({}),
      endpoints: z
        .strictObject({
          compute: serviceEndpoint('Nova compute', 'https://nova.example.com:8774/v2.1'),
          network: serviceEndpoint('Neutron network', 'https://neutron.example.com:9696'),
          image: serviceEndpoint('Glance image', 'https://glance.example.com:9292'),
          loadBalancer: serviceEndpoint('Octavia load-balancer', 'https://octavia.example.com:9876'),
        })
        .default({})
        .meta({ description: 'Service endpoint overrides.' }),
    })
    .meta({ description: 'Run the cluster on an OpenStack cloud (Keystone v3, Nova, Neutron, Octavia).' }),
  (value, report) => {
    const openstack = asRecord(value);
    if (!openstack) return;
    const hasCloud = openstack.cloud !== undefined;
    const hasAuth = openstack.auth !== undefined;
    if (hasCloud && hasAuth) report(['auth'], 'set either cloud (a clouds.yaml entry) or auth, not both');
    if (!hasCloud && !hasAuth) {
      report(
        [],
        'needs credentials: set cloud to a clouds.yaml entry (e.g. cloud: openstack) or give auth {authUrl, username, projectName, credentialsSecretFile}',
      );
    }
  },
);
