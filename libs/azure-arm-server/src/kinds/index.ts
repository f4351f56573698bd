import type { Kind } from '../model';
import { disks } from './disk';
import { dnsZones, privateDnsZones, recordSetKinds, virtualNetworkLinks } from './dns';
import { loadBalancers } from './load-balancer';
import { networkInterfaces } from './network-interface';
import { networkSecurityGroups, securityRules } from './network-security-group';
import { publicIPAddresses } from './public-ip-address';
import { virtualMachines } from './virtual-machine';
import { subnets, virtualNetworks } from './virtual-network';

/** Every resource type the server serves. */
const ALL: Kind[] = [
  virtualNetworks,
  subnets,
  networkSecurityGroups,
  securityRules,
  publicIPAddresses,
  loadBalancers,
  networkInterfaces,
  virtualMachines,
  disks,
  privateDnsZones,
  virtualNetworkLinks,
  dnsZones,
  ...recordSetKinds,
];

/** The kinds by lower-cased type (`microsoft.network/virtualnetworks/subnets`). */
export const KINDS = new Map<string, Kind>(ALL.map((kind) => [kind.type.toLowerCase(), kind]));
