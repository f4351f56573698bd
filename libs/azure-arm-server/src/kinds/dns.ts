import { API_VERSIONS } from '../api-versions';
import { ArmError } from '../errors';
import type { Json, Kind, StoredResource, World } from '../model';
import { RULES, networkName } from '../names';
import { newGuid, refId, sameId } from './common';

/**
 * The property names a record set carries its TTL and records in. privatedns.json writes
 * them in camel case (`ttl`, `aRecords`); the public dns.json in its own casing (`TTL`,
 * `ARecords`, `CNAMERecord`), as arm-dns serializes them.
 */
interface RecordFields {
  ttl: string;
  records: Record<string, string>;
}

const PRIVATE_FIELDS: RecordFields = { ttl: 'ttl', records: { A: 'aRecords', AAAA: 'aaaaRecords', CNAME: 'cnameRecord', TXT: 'txtRecords' } };
const PUBLIC_FIELDS: RecordFields = { ttl: 'TTL', records: { A: 'ARecords', AAAA: 'AAAARecords', CNAME: 'CNAMERecord', TXT: 'TXTRecords' } };

const recordTypeOf = (resource: StoredResource) => resource.kind.type.split('/').pop() as string;

/** CNAME excludes every other record type at the same name (RFC 1034 §3.6.2); both zones refuse with 409. */
function checkCname(world: World, resource: StoredResource): void {
  const type = recordTypeOf(resource);
  const clash = world
    .children(resource.parentId as string)
    .find(
      (other) =>
        other.name.toLowerCase() === resource.name.toLowerCase() && recordTypeOf(other) !== type && (type === 'CNAME' || recordTypeOf(other) === 'CNAME'),
    );
  if (clash) {
    throw new ArmError(
      409,
      'Conflict',
      `The record set ${resource.name} of type ${type} could not be created because a record set of type ${recordTypeOf(clash)} with the same name exists, and a CNAME record set cannot share its name with other record sets.`,
    );
  }
}

function recordSetKind(zoneType: string, type: string, apiVersions: readonly string[], fields: RecordFields, extra: (resource: StoredResource) => Json): Kind {
  return {
    type: `${zoneType}/${type}`,
    apiVersions,
    name: RULES.recordSet,
    location: 'none',
    asyncPut: false,
    asyncDelete: false,
    tags: false,
    recordSet: true,
    lowerCaseNames: zoneType === 'Microsoft.Network/privateDnsZones',
    prepare({ world, resource }) {
      const p = resource.properties;
      const zone = resource.parentId?.split('/').pop() as string;
      if (typeof p[fields.ttl] !== 'number') p[fields.ttl] = 3600;
      const field = fields.records[type] as string;
      if (type !== 'CNAME') p[field] ??= [];
      checkCname(world, resource);
      // privatedns.json's examples end the FQDN with a dot, dns.json's do not.
      const dot = fields === PRIVATE_FIELDS ? '.' : '';
      p['fqdn'] = resource.name === '@' ? `${zone}${dot}` : `${resource.name}.${zone}${dot}`;
      Object.assign(p, extra(resource));
      resource.top['etag'] = newGuid();
    },
  };
}

const RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'TXT'];

/** Microsoft.Network/privateDnsZones (privatedns.json 2024-06-01; the SDK sends 2020-06-01). */
export const privateDnsZones: Kind = {
  type: 'Microsoft.Network/privateDnsZones',
  apiVersions: API_VERSIONS.privateDns,
  name: RULES.dnsZone,
  location: 'global',
  asyncPut: true,
  asyncDelete: true,
  creatingState: 'Creating',
  updatingState: 'Updating',
  prepare({ resource, previous }) {
    const p = resource.properties;
    p['maxNumberOfRecordSets'] = 25000;
    p['maxNumberOfVirtualNetworkLinks'] = 1000;
    p['maxNumberOfVirtualNetworkLinksWithRegistration'] = 100;
    p['internalId'] = previous?.properties['internalId'] ?? Buffer.from(newGuid()).toString('base64');
  },
  derive(resource, world) {
    const children = world.children(resource.id);
    const links = children.filter((c) => c.kind === virtualNetworkLinks);
    return {
      numberOfRecordSets: children.length - links.length + 1,
      numberOfVirtualNetworkLinks: links.length,
      numberOfVirtualNetworkLinksWithRegistration: links.filter((l) => l.properties['registrationEnabled'] === true).length,
    };
  },
  inUse(resource, world) {
    const links = world.children(resource.id).filter((c) => c.kind === virtualNetworkLinks);
    if (!links.length) return undefined;
    return new ArmError(
      409,
      'Conflict',
      `The private zone ${resource.name} cannot be deleted because it contains virtual network links: ${links.map((l) => l.name).join(', ')}. Delete the virtual network links first.`,
    );
  },
};

/** Microsoft.Network/privateDnsZones/virtualNetworkLinks: a VNet may be linked once per zone. */
export const virtualNetworkLinks: Kind = {
  type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
  apiVersions: API_VERSIONS.privateDns,
  name: networkName(1, 80),
  location: 'global',
  asyncPut: true,
  asyncDelete: true,
  creatingState: 'Creating',
  updatingState: 'Updating',
  prepare({ world, resource, siblings }) {
    const vnetId = refId(resource.properties['virtualNetwork']);
    if (!vnetId || !world.get(vnetId)) {
      throw new ArmError(400, 'BadRequest', `Virtual network ${vnetId ?? '(none)'} referenced by virtual network link ${resource.name} was not found.`);
    }
    const twin = siblings.find((s) => s.kind === virtualNetworkLinks && sameId(refId(s.properties['virtualNetwork']), vnetId));
    if (twin) {
      throw new ArmError(
        409,
        'Conflict',
        `A virtual network cannot be linked to the same zone more than once. Virtual network ${vnetId} is already linked through ${twin.name}.`,
      );
    }
    resource.properties['registrationEnabled'] ??= false;
    resource.properties['resolutionPolicy'] ??= 'Default';
    resource.properties['virtualNetworkLinkState'] = 'Completed';
  },
};

/**
 * Microsoft.Network/dnszones (dns.json 2018-05-01, as arm-dns 5 sends it): public zones with
 * Azure's name servers. The type is written in the casing az CLI output shows; dns.json's
 * examples write dnsZones, and ARM compares types and ids without case.
 */
export const dnsZones: Kind = {
  type: 'Microsoft.Network/dnszones',
  apiVersions: API_VERSIONS.dns,
  name: RULES.dnsZone,
  location: 'global',
  asyncPut: false,
  asyncDelete: true,
  prepare({ resource }) {
    const p = resource.properties;
    // Values as dns.json's CreateOrUpdateZone example gives them.
    p['maxNumberOfRecordSets'] = 5000;
    p['nameServers'] = ['ns1-01.azure-dns.com', 'ns2-01.azure-dns.net', 'ns3-01.azure-dns.org', 'ns4-01.azure-dns.info'];
    p['zoneType'] ??= 'Public';
  },
  derive(resource, world) {
    return { numberOfRecordSets: world.children(resource.id).length + 2 };
  },
};

export const recordSetKinds: Kind[] = [
  ...RECORD_TYPES.map((type) => recordSetKind(privateDnsZones.type, type, API_VERSIONS.privateDns, PRIVATE_FIELDS, () => ({ isAutoRegistered: false }))),
  ...RECORD_TYPES.map((type) => recordSetKind(dnsZones.type, type, API_VERSIONS.dns, PUBLIC_FIELDS, () => ({ provisioningState: 'Succeeded' }))),
];
