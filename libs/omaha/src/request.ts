import { attr, attributes, child, children, escapeAttr, intAttr, OmahaParseError, parseRoot, type XmlNode } from './xml';
import type { OmahaEvent, OmahaRequest, OmahaRequestApp } from './types';

const APP_KNOWN = new Set(['appid', 'version', 'track', 'bootid', 'machineid', 'oem']);

/**
 * Writes a request as update_engine's GetRequestXml does: `<os>`, then one `<app>` with its
 * `<ping>`, `<updatecheck>` and `<event>` children, every attribute double-quoted and escaped.
 */
export function encodeRequest(req: OmahaRequest): string {
  const head = [
    'protocol="3.0"',
    req.version !== undefined ? `version="${escapeAttr(req.version)}" updaterversion="${escapeAttr(req.version)}"` : '',
    req.installSource !== undefined ? `installsource="${escapeAttr(req.installSource)}"` : '',
    'ismachine="1"',
  ].filter(Boolean);
  let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<request ${head.join(' ')}>\n`;
  if (req.os) {
    const os = Object.entries({ version: req.os.version, platform: req.os.platform, sp: req.os.sp, arch: req.os.arch })
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}="${escapeAttr(value as string)}"`);
    xml += `    <os ${os.join(' ')}></os>\n`;
  }
  for (const app of req.apps) xml += encodeApp(app);
  return `${xml}</request>\n`;
}

function encodeApp(app: OmahaRequestApp): string {
  const attrs: [string, string | undefined][] = [
    ['appid', app.appId],
    ['version', app.version],
    ['track', app.track],
    ['bootid', app.bootId],
    ['oem', app.oem],
    ['machineid', app.machineId],
    ...Object.entries(app.extra).filter(([key]) => !APP_KNOWN.has(key)),
  ];
  const head = attrs
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}="${escapeAttr(value as string)}"`)
    .join(' ');
  let body = '';
  if (app.ping) body += '        <ping active="1"></ping>\n';
  if (app.updateCheck) body += '        <updatecheck></updatecheck>\n';
  for (const event of app.events) {
    let line = `        <event eventtype="${event.type}" eventresult="${event.result}"`;
    if (event.errorCode !== undefined) line += ` errorcode="${event.errorCode}"`;
    if (event.previousVersion !== undefined) line += ` previousversion="${escapeAttr(event.previousVersion)}"`;
    body += `${line}></event>\n`;
  }
  return `    <app ${head}>\n${body}    </app>\n`;
}

/**
 * Reads a request. Tolerant as a server must be with real clients: unknown attributes are
 * kept in `extra`, an `<app>` may carry an updatecheck and events together, versions are
 * taken as sent (no semver), and missing optional attributes stay undefined (an empty
 * `machineid=""` counts as absent). Throws {@link OmahaParseError} when the document is not
 * well-formed or not a `<request>` with at least one `<app appid>`.
 */
export function parseRequest(xml: string): OmahaRequest {
  const root = parseRoot(xml, 'request');
  const protocol = attr(root, 'protocol');
  if (protocol !== undefined && !protocol.startsWith('3')) {
    throw new OmahaParseError(`unsupported Omaha protocol "${protocol}": this server speaks protocol 3.0`);
  }
  const osNode = child(root, 'os');
  const apps = children(root, 'app').map((node, index) => parseApp(node, index));
  if (apps.length === 0) throw new OmahaParseError('the <request> has no <app> element');
  return {
    protocol: '3.0',
    version: attr(root, 'version'),
    installSource: attr(root, 'installsource'),
    os: osNode
      ? {
          platform: attr(osNode, 'platform'),
          version: attr(osNode, 'version'),
          sp: attr(osNode, 'sp'),
          arch: attr(osNode, 'arch'),
        }
      : undefined,
    apps,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function parseApp(node: XmlNode, index: number): OmahaRequestApp {
  const appId = nonEmpty(attr(node, 'appid'));
  if (appId === undefined) throw new OmahaParseError(`<app> number ${index + 1} has no appid attribute`);
  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes(node))) {
    if (!APP_KNOWN.has(key)) extra[key] = value;
  }
  return {
    appId,
    version: nonEmpty(attr(node, 'version')) ?? '',
    track: nonEmpty(attr(node, 'track')),
    bootId: nonEmpty(attr(node, 'bootid')),
    machineId: nonEmpty(attr(node, 'machineid')),
    oem: nonEmpty(attr(node, 'oem')),
    updateCheck: node['updatecheck'] !== undefined,
    ping: node['ping'] !== undefined,
    events: children(node, 'event').flatMap(parseEvent),
    extra,
  };
}

function parseEvent(node: XmlNode): OmahaEvent[] {
  const type = intAttr(node, 'eventtype');
  // An event without a type says nothing; it is skipped rather than refusing the request.
  if (type === undefined) return [];
  const event: OmahaEvent = { type, result: intAttr(node, 'eventresult') ?? 0 };
  const errorCode = intAttr(node, 'errorcode');
  if (errorCode !== undefined) event.errorCode = errorCode;
  const previousVersion = nonEmpty(attr(node, 'previousversion'));
  if (previousVersion !== undefined) event.previousVersion = previousVersion;
  return [event];
}
