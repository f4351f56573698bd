/** `spec.platform.aws`: machines are EC2 instances in a VPC whose CIDR is `spec.networking.machineCIDR`. */
import { z } from 'zod';
import { show } from '../formats/show';
import { asRecord, checkedString, endpointUrl, stringMap, withCheck } from './fields';
import { machineTypeOverrides } from './machine-type-field';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ZONE = /^[a-z]{2}(-[a-z0-9]+)+[a-z]$/;
const AMI = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;

const endpoint = (service: string) =>
  endpointUrl(`https://${service}.us-east-1.amazonaws.com`, `Endpoint URL of the ${service} API, e.g. a VPC endpoint or an emulator.`).optional();

/** Schema of `spec.platform.aws`. */
export const AwsPlatformSchema = withCheck(
  z
    .strictObject({
      region: checkedString((v) => (REGION.test(v) ? undefined : `must be an AWS region code such as us-east-1 or eu-central-1; got ${show(v)}`), {
        description: 'AWS region, e.g. us-east-1.',
        pattern: REGION.source,
      }),
      zones: z
        .array(
          checkedString((v) => (ZONE.test(v) ? undefined : `must be an availability zone name such as us-east-1a; got ${show(v)}`), {
            description: 'Availability zone in the region.',
            pattern: ZONE.source,
          }),
        )
        .default([])
        .meta({ description: 'Availability zones to spread machines over; empty means the first three zones of the region.' }),
      amiId: checkedString((v) => (AMI.test(v) ? undefined : `must be an AMI id such as ami-0123456789abcdef0; got ${show(v)}`), {
        description: 'AMI to boot instead of the Flatcar image of the OS channel in this region.',
        pattern: AMI.source,
      }).optional(),
      instanceTypes: machineTypeOverrides(
        (v) => (INSTANCE_TYPE.test(v) ? undefined : `must be an EC2 instance type such as m6i.large; got ${show(v)}`),
        'EC2 instance type',
        'm7i.large',
      ).default({}),
      endpoints: z
        .strictObject({
          ec2: endpoint('ec2'),
          elb: endpoint('elasticloadbalancing'),
          iam: endpoint('iam'),
          route53: endpoint('route53'),
          s3: endpoint('s3'),
          sts: endpoint('sts'),
          serviceQuotas: endpoint('servicequotas'),
        })
        .default({})
        .meta({ description: 'Service endpoint overrides; unset services use the public endpoint of the region.' }),
      tags: stringMap(
        (key, value) => ({
          key:
            key.length === 0 || key.length > 128 || key.toLowerCase().startsWith('aws:')
              ? `tag key ${show(key)} must be 1-128 characters and must not start with "aws:"`
              : undefined,
          value: value.length > 256 ? `tag value must be at most 256 characters; got ${value.length}` : undefined,
        }),
        { description: 'Extra tags put on every resource, next to the cluster ownership tag.' },
      ).default({}),
    })
    .meta({ description: 'Run the cluster on Amazon Web Services. The VPC uses spec.networking.machineCIDR.' }),
  (value, report) => {
    const aws = asRecord(value);
    const region = aws?.region;
    if (!Array.isArray(aws?.zones)) return;
    const seen = new Set<unknown>();
    aws.zones.forEach((zone, index) => {
      if (seen.has(zone)) report(['zones', index], `lists ${show(zone)} twice; name each zone once`);
      seen.add(zone);
      if (typeof zone === 'string' && typeof region === 'string' && REGION.test(region) && !zone.startsWith(region)) {
        report(['zones', index], `zone ${show(zone)} is not in region ${region}; use zones such as ${region}a`);
      }
    });
  },
);
