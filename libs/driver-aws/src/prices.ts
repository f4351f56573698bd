import { platformOf, type Cluster } from '@strata/cluster-config';
import { HOURS_PER_MONTH, type InfraPlan, type PlanStep, type PriceTable, type StepCost } from '@strata/driver-api';

/**
 * Where the AWS prices come from and when the table was written: On-Demand, Linux, shared
 * tenancy. The other services' pages are named beside each price below.
 */
export const AWS_PRICES: PriceTable = { asOf: '2026-12-04', currency: 'USD', source: 'https://aws.amazon.com/ec2/pricing/on-demand/' };

/** What one region charges for what a cluster creates. Hourly prices in USD per hour, storage in USD per GiB-month. */
export interface AwsRegionPrices {
  /** EC2 On-Demand Linux, per instance-hour, for every instance type the machine sizes map to. */
  instanceHour: Readonly<Record<string, number>>;
  /** Network Load Balancer, per hour; LCUs are usage-based and not in the estimate (https://aws.amazon.com/elasticloadbalancing/pricing/). */
  nlbHour: number;
  /** NAT gateway, per hour; data processed is usage-based and not in the estimate (https://aws.amazon.com/vpc/pricing/). */
  natGatewayHour: number;
  /** Each public IPv4 address, in use or idle (https://aws.amazon.com/vpc/pricing/, since February 2024). */
  publicIpv4Hour: number;
  /** EBS gp3 storage at its baseline IOPS and throughput (https://aws.amazon.com/ebs/pricing/). */
  gp3GiBMonth: number;
  /** S3 Standard storage, first 50 TB (https://aws.amazon.com/s3/pricing/). */
  s3GiBMonth: number;
}

/** The m6i family the machine sizes map to (small, medium, large) doubles per size. */
const m6i = (large: number) => ({ 'm6i.large': large, 'm6i.xlarge': large * 2, 'm6i.2xlarge': large * 4 });

/** The regions the table covers; a region not here gets no price rather than another region's. */
export const AWS_REGION_PRICES: Readonly<Record<string, AwsRegionPrices>> = {
  'us-east-1': { instanceHour: m6i(0.096), nlbHour: 0.0225, natGatewayHour: 0.045, publicIpv4Hour: 0.005, gp3GiBMonth: 0.08, s3GiBMonth: 0.023 },
  'us-east-2': { instanceHour: m6i(0.096), nlbHour: 0.0225, natGatewayHour: 0.045, publicIpv4Hour: 0.005, gp3GiBMonth: 0.08, s3GiBMonth: 0.023 },
  'us-west-2': { instanceHour: m6i(0.096), nlbHour: 0.0225, natGatewayHour: 0.045, publicIpv4Hour: 0.005, gp3GiBMonth: 0.08, s3GiBMonth: 0.023 },
  'eu-west-1': { instanceHour: m6i(0.107), nlbHour: 0.0252, natGatewayHour: 0.048, publicIpv4Hour: 0.005, gp3GiBMonth: 0.088, s3GiBMonth: 0.023 },
  'eu-central-1': { instanceHour: m6i(0.115), nlbHour: 0.027, natGatewayHour: 0.052, publicIpv4Hour: 0.005, gp3GiBMonth: 0.0952, s3GiBMonth: 0.0245 },
};

/** A Route 53 hosted zone, per month, for the first 25 zones of an account (https://aws.amazon.com/route53/pricing/). */
export const ROUTE53_HOSTED_ZONE_MONTH = 0.5;

/** Step kinds AWS does not charge for: VPC, internet gateway, subnets, route tables, security groups, IAM roles. */
const FREE_KINDS = new Set(['vpc', 'internet-gateway', 'subnet', 'route-table', 'security-group', 'instance-role']);

const cents = (usd: number) => Math.round(usd * 100) / 100;
const monthly = (hourly: number) => hourly * HOURS_PER_MONTH;

function stepCost(step: PlanStep, region: string, prices: AwsRegionPrices | undefined): StepCost {
  const priced = (usd: number): StepCost => ({ stepId: step.id, monthlyCost: cents(usd) });
  const unpriced = (unpricedReason: string): StepCost => ({ stepId: step.id, monthlyCost: null, unpricedReason });
  if (FREE_KINDS.has(step.kind)) return priced(0);
  if (step.kind === 'dns-record') {
    // The public record goes into the zone of baseDomain the account already pays for; the
    // private one comes with the cluster's own private hosted zone. Alias queries to a load balancer are free.
    return priced(step.spec['private'] === true ? ROUTE53_HOSTED_ZONE_MONTH : 0);
  }
  if (step.kind === 'bucket') {
    return unpriced(
      `S3 bills per GiB stored (${prices?.s3GiBMonth ?? AWS_REGION_PRICES['us-east-1']?.s3GiBMonth} USD per GiB-month) and per request; the Ignition configs it holds are a few megabytes, cents at most`,
    );
  }
  if (!prices) return unpriced(`the price table has no prices for region ${region}; it covers ${Object.keys(AWS_REGION_PRICES).join(', ')}`);
  switch (step.kind) {
    case 'elastic-ip':
      return priced(monthly(prices.publicIpv4Hour));
    case 'nat-gateway':
      return priced(monthly(prices.natGatewayHour));
    case 'load-balancer': {
      // An internet-facing NLB holds one public IPv4 address per subnet it spans.
      const subnets = Array.isArray(step.spec['subnets']) ? step.spec['subnets'].length : 1;
      return priced(monthly(prices.nlbHour + subnets * prices.publicIpv4Hour));
    }
    case 'machine': {
      const type = String(step.spec['instanceType'] ?? '');
      const hourly = prices.instanceHour[type];
      if (hourly === undefined)
        return unpriced(`instance type ${type} is not in the price table for ${region}; it has ${Object.keys(prices.instanceHour).join(', ')}`);
      return priced(monthly(hourly) + Number(step.spec['rootVolumeGiB'] ?? 0) * prices.gp3GiBMonth);
    }
    default:
      return unpriced(`the price table has no price for a ${step.kind}`);
  }
}

/**
 * The fixed monthly cost (730 hours) of each step of an AWS plan in the cluster's region:
 * instances with their gp3 root volumes, the NAT gateway, public IPv4 addresses, the load
 * balancer's hours and the private hosted zone. Usage-based charges (data transfer, LCUs,
 * NAT data processing, requests) are not in it.
 */
export function awsEstimate(cluster: Cluster, plan: InfraPlan): StepCost[] {
  const platform = platformOf(cluster);
  const region = platform.name === 'aws' ? platform.config.region : '';
  const prices = AWS_REGION_PRICES[region];
  return plan.steps.map((step) => stepCost(step, region, prices));
}
