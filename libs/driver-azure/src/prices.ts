import type { Cluster } from '@strata/cluster-config';
import { HOURS_PER_MONTH, type InfraPlan, type PlanStep, type PriceTable, type StepCost } from '@strata/driver-api';
import { azureConfig } from './clients';

/**
 * Where the Azure prices come from and when the table was written: pay-as-you-go, Linux.
 * The other services' pages are named beside each price below.
 */
export const AZURE_PRICES: PriceTable = {
  asOf: '2026-12-04',
  currency: 'USD',
  source: 'https://azure.microsoft.com/pricing/details/virtual-machines/linux/',
};

/** Premium SSD managed disk tiers (LRS): a disk is billed as the smallest tier it fits, per month. */
export interface DiskTier {
  tier: string;
  maxGiB: number;
  month: number;
}

/** What one location charges for what a cluster creates, in USD. */
export interface AzureLocationPrices {
  /** Linux VMs, pay-as-you-go, per hour, for every VM size the machine sizes map to. */
  vmHour: Readonly<Record<string, number>>;
  /** Premium SSD tiers, smallest first (https://azure.microsoft.com/pricing/details/managed-disks/). */
  premiumSsd: readonly DiskTier[];
}

/** The Dsv5 sizes the machine sizes map to (small, medium, large) double per size. */
const dsv5 = (d2: number) => ({ Standard_D2s_v5: d2, Standard_D4s_v5: d2 * 2, Standard_D8s_v5: d2 * 4 });

const premium = (p4: number, p6: number, p10: number, p15: number, p20: number, p30: number): DiskTier[] => [
  { tier: 'P4', maxGiB: 32, month: p4 },
  { tier: 'P6', maxGiB: 64, month: p6 },
  { tier: 'P10', maxGiB: 128, month: p10 },
  { tier: 'P15', maxGiB: 256, month: p15 },
  { tier: 'P20', maxGiB: 512, month: p20 },
  { tier: 'P30', maxGiB: 1024, month: p30 },
];

/** The locations the table covers; a location not here gets no price rather than another one's. */
export const AZURE_LOCATION_PRICES: Readonly<Record<string, AzureLocationPrices>> = {
  eastus: { vmHour: dsv5(0.096), premiumSsd: premium(5.28, 10.21, 19.71, 38.01, 73.22, 135.17) },
  eastus2: { vmHour: dsv5(0.096), premiumSsd: premium(5.28, 10.21, 19.71, 38.01, 73.22, 135.17) },
  westus2: { vmHour: dsv5(0.096), premiumSsd: premium(5.28, 10.21, 19.71, 38.01, 73.22, 135.17) },
  northeurope: { vmHour: dsv5(0.1), premiumSsd: premium(5.55, 10.74, 20.74, 39.95, 76.95, 142.03) },
  westeurope: { vmHour: dsv5(0.11), premiumSsd: premium(5.81, 11.23, 21.68, 41.79, 80.52, 148.68) },
};

/** A Standard load balancer with up to five rules, per hour; data processed is usage-based (https://azure.microsoft.com/pricing/details/load-balancer/). */
export const STANDARD_LOAD_BALANCER_HOUR = 0.025;
/** A Standard static public IPv4 address, per hour (https://azure.microsoft.com/pricing/details/ip-addresses/). */
export const STANDARD_PUBLIC_IP_HOUR = 0.005;
/** A public or private DNS zone, per month, for the first 25 zones; queries are usage-based (https://azure.microsoft.com/pricing/details/dns/). */
export const DNS_ZONE_MONTH = 0.5;

/**
 * Step kinds Azure does not charge a fixed price for: resource groups, security groups,
 * virtual networks and NICs cost nothing; records and the link of a private zone are
 * billed only by the queries they answer.
 */
const FREE_KINDS = new Set(['resource-group', 'network-security-group', 'virtual-network', 'network-interface', 'dns-record', 'private-dns-link']);

const cents = (usd: number) => Math.round(usd * 100) / 100;

function stepCost(step: PlanStep, location: string, prices: AzureLocationPrices | undefined): StepCost {
  const priced = (usd: number): StepCost => ({ stepId: step.id, monthlyCost: cents(usd) });
  const unpriced = (unpricedReason: string): StepCost => ({ stepId: step.id, monthlyCost: null, unpricedReason });
  switch (step.kind) {
    case 'public-ip':
      return priced(STANDARD_PUBLIC_IP_HOUR * HOURS_PER_MONTH);
    case 'load-balancer':
      return priced(STANDARD_LOAD_BALANCER_HOUR * HOURS_PER_MONTH);
    case 'private-dns-zone':
      return priced(DNS_ZONE_MONTH);
    case 'machine': {
      if (!prices) return unpriced(`the price table has no prices for location ${location}; it covers ${Object.keys(AZURE_LOCATION_PRICES).join(', ')}`);
      const size = String(step.spec['vmSize'] ?? '');
      const hourly = prices.vmHour[size];
      if (hourly === undefined) return unpriced(`VM size ${size} is not in the price table for ${location}; it has ${Object.keys(prices.vmHour).join(', ')}`);
      const gib = Number(step.spec['osDiskGiB'] ?? 0);
      const disk = prices.premiumSsd.find((t) => gib <= t.maxGiB);
      if (!disk) return unpriced(`an OS disk of ${gib} GiB is beyond the Premium SSD tiers of the price table`);
      return priced(hourly * HOURS_PER_MONTH + disk.month);
    }
    default:
      return FREE_KINDS.has(step.kind) ? priced(0) : unpriced(`the price table has no price for a ${step.kind}`);
  }
}

/**
 * The fixed monthly cost (730 hours) of each step of an Azure plan in the cluster's
 * location: VMs with their Premium SSD OS disks, the public IP, the Standard load
 * balancers and the private DNS zone. Usage-based charges (data processed and transferred,
 * DNS queries) are not in it.
 */
export function azureEstimate(cluster: Cluster, plan: InfraPlan): StepCost[] {
  const location = azureConfig(cluster).location;
  const prices = AZURE_LOCATION_PRICES[location];
  return plan.steps.map((step) => stepCost(step, location, prices));
}
