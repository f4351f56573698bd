/** An IAM policy document, as data the plan shows. */
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: string | string[] }[];
}

/** Lets EC2 instances take the role. */
export const EC2_TRUST_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/**
 * Least privilege per role: every machine reads its own Ignition config from the bucket;
 * the control plane additionally gets what the AWS cloud controller manager needs
 * (describe, load balancers for Services, tags on what it creates), workers only the
 * describes the kubelet's node lookup uses.
 */
export function policyFor(role: 'control-plane' | 'worker', bucket: string): PolicyDocument {
  const ignition = { Sid: 'ReadIgnition', Effect: 'Allow' as const, Action: ['s3:GetObject'], Resource: `arn:aws:s3:::${bucket}/ignition/*` };
  if (role === 'worker') {
    return {
      Version: '2012-10-17',
      Statement: [ignition, { Sid: 'DescribeNode', Effect: 'Allow', Action: ['ec2:DescribeInstances', 'ec2:DescribeRegions'], Resource: '*' }],
    };
  }
  return {
    Version: '2012-10-17',
    Statement: [
      ignition,
      {
        Sid: 'CloudControllerManager',
        Effect: 'Allow',
        Action: [
          'ec2:DescribeInstances',
          'ec2:DescribeRegions',
          'ec2:DescribeRouteTables',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeSubnets',
          'ec2:DescribeVpcs',
          'ec2:DescribeAvailabilityZones',
          'ec2:CreateSecurityGroup',
          'ec2:CreateTags',
          'ec2:AuthorizeSecurityGroupIngress',
          'ec2:RevokeSecurityGroupIngress',
          'ec2:DeleteSecurityGroup',
          'ec2:ModifyInstanceAttribute',
          'elasticloadbalancing:*',
        ],
        Resource: '*',
      },
    ],
  };
}
