import type { Kind } from '../model';
import { subnets, virtualNetworks } from './virtual-network';

/** Every resource type the server serves, by lower-cased type. */
const ALL: Kind[] = [virtualNetworks, subnets];

export const KINDS = new Map<string, Kind>(ALL.map((kind) => [kind.type.toLowerCase(), kind]));
