import { attr, boolAttr, child, children, escapeAttr, intAttr, OmahaParseError, parseRoot, type XmlNode } from './xml';
import type { OmahaPackage, OmahaResponse, OmahaResponseApp, OmahaUpdateCheck } from './types';

/**
 * Writes a response in the shape update_engine's ParseResponse reads (and Nebraska writes):
 * `<daystart>`, then per app its `<updatecheck>` (with `<urls>`, `<manifest>`, `<packages>`
 * and the `postinstall` `<action>` when the status is `ok`), one `<event status="ok">` per
 * acknowledged event and a `<ping status="ok">`.
 */
export function encodeResponse(res: OmahaResponse): string {
  let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<response protocol="3.0" server="${escapeAttr(res.server)}">\n`;
  if (res.daystart) xml += ` <daystart elapsed_seconds="${Math.trunc(res.daystart.elapsedSeconds)}"></daystart>\n`;
  for (const app of res.apps) xml += encodeApp(app);
  return `${xml}</response>\n`;
}

function encodeApp(app: OmahaResponseApp): string {
  let xml = ` <app appid="${escapeAttr(app.appId)}" status="${escapeAttr(app.status)}">\n`;
  if (app.updateCheck) xml += encodeUpdateCheck(app.updateCheck);
  for (let i = 0; i < app.eventAcks; i++) xml += '  <event status="ok"></event>\n';
  if (app.pingOk) xml += '  <ping status="ok"></ping>\n';
  return `${xml} </app>\n`;
}

function encodeUpdateCheck(check: OmahaUpdateCheck): string {
  if (check.status !== 'ok') return `  <updatecheck status="${escapeAttr(check.status)}"></updatecheck>\n`;
  let xml = '  <updatecheck status="ok">\n   <urls>\n';
  for (const url of check.urls) xml += `    <url codebase="${escapeAttr(url)}"></url>\n`;
  xml += '   </urls>\n';
  const version = check.manifestVersion !== undefined ? ` version="${escapeAttr(check.manifestVersion)}"` : '';
  xml += `   <manifest${version}>\n    <packages>\n`;
  for (const pkg of check.packages) xml += encodePackage(pkg);
  xml += '    </packages>\n';
  if (check.postinstall) {
    const p = check.postinstall;
    const attrs = [
      'event="postinstall"',
      `sha256="${escapeAttr(p.sha256Base64)}"`,
      `needsadmin="${p.needsAdmin ? 'true' : 'false'}"`,
      `IsDeltaPayload="${p.isDelta ? 'true' : 'false'}"`,
      `DisablePayloadBackoff="${p.disablePayloadBackoff ? 'true' : 'false'}"`,
    ];
    if (p.metadataSize !== undefined) attrs.push(`MetadataSize="${p.metadataSize}"`);
    xml += `    <actions>\n     <action ${attrs.join(' ')}></action>\n    </actions>\n`;
  }
  return `${xml}   </manifest>\n  </updatecheck>\n`;
}

function encodePackage(pkg: OmahaPackage): string {
  const required = pkg.required === undefined ? '' : ` required="${pkg.required ? 'true' : 'false'}"`;
  return (
    `     <package name="${escapeAttr(pkg.name)}" hash="${escapeAttr(pkg.sha1Base64)}" size="${pkg.size}"` +
    ` hash_sha256="${escapeAttr(pkg.sha256Base64)}"${required}></package>\n`
  );
}

/**
 * Reads a response as a client does. An `ok` update check without urls, packages or the
 * postinstall action is kept as parsed; {@link validateUpdateCheck} says what update_engine
 * would refuse (kActionCodeOmahaResponseInvalid).
 */
export function parseResponse(xml: string): OmahaResponse {
  const root = parseRoot(xml, 'response');
  const daystart = child(root, 'daystart');
  const elapsed = daystart ? intAttr(daystart, 'elapsed_seconds') : undefined;
  return {
    protocol: '3.0',
    server: attr(root, 'server') ?? '',
    daystart: elapsed !== undefined ? { elapsedSeconds: elapsed } : undefined,
    apps: children(root, 'app').map(parseApp),
  };
}

function parseApp(node: XmlNode): OmahaResponseApp {
  const check = child(node, 'updatecheck');
  const app: OmahaResponseApp = {
    appId: attr(node, 'appid') ?? '',
    status: attr(node, 'status') ?? 'ok',
    eventAcks: children(node, 'event').filter((e) => attr(e, 'status') === 'ok').length,
  };
  if (check) app.updateCheck = parseUpdateCheck(check);
  const ping = child(node, 'ping');
  if (ping) app.pingOk = attr(ping, 'status') === 'ok';
  return app;
}

function parseUpdateCheck(node: XmlNode): OmahaUpdateCheck {
  const manifest = child(node, 'manifest');
  const urls = children(child(node, 'urls') ?? {}, 'url')
    .map((url) => attr(url, 'codebase') ?? '')
    .filter((url) => url !== '');
  const packages = children(child(manifest ?? {}, 'packages') ?? {}, 'package').map((pkg): OmahaPackage => {
    const out: OmahaPackage = {
      name: attr(pkg, 'name') ?? '',
      size: intAttr(pkg, 'size') ?? 0,
      sha1Base64: attr(pkg, 'hash') ?? '',
      sha256Base64: attr(pkg, 'hash_sha256') ?? '',
    };
    const required = boolAttr(pkg, 'required');
    if (required !== undefined) out.required = required;
    return out;
  });
  const action = children(child(manifest ?? {}, 'actions') ?? {}, 'action').find((a) => attr(a, 'event') === 'postinstall');
  const check: OmahaUpdateCheck = {
    status: attr(node, 'status') ?? '',
    urls,
    packages,
  };
  const version = manifest ? attr(manifest, 'version') : undefined;
  if (version !== undefined) check.manifestVersion = version;
  if (action) {
    check.postinstall = {
      sha256Base64: attr(action, 'sha256') ?? '',
      needsAdmin: boolAttr(action, 'needsadmin') ?? false,
      isDelta: boolAttr(action, 'IsDeltaPayload') ?? boolAttr(action, 'IsDelta') ?? false,
      disablePayloadBackoff: boolAttr(action, 'DisablePayloadBackoff') ?? false,
    };
    const metadataSize = intAttr(action, 'MetadataSize');
    if (metadataSize !== undefined) check.postinstall.metadataSize = metadataSize;
  }
  return check;
}

/**
 * The checks update_engine applies to an `ok` update check before acting on it
 * (OmahaRequestAction::ParseResponse). Returns the problems; an empty list means usable.
 */
export function validateUpdateCheck(check: OmahaUpdateCheck): string[] {
  if (check.status === 'noupdate') return [];
  if (check.status !== 'ok') return [`unknown updatecheck status "${check.status}"`];
  const problems: string[] = [];
  if (check.urls.length === 0) problems.push('no <url codebase> in <urls>');
  const first = check.packages[0];
  if (!first) problems.push('no <package> in the manifest');
  else {
    if (first.name === '') problems.push('the package has an empty name');
    if (!(first.size > 0)) problems.push(`the package has an invalid size ${first.size}`);
  }
  if (!check.postinstall) problems.push('no postinstall <action>');
  else if (check.postinstall.sha256Base64 === '') problems.push('the postinstall action has an empty sha256');
  return problems;
}

/** The payload URLs as update_engine builds them: each codebase, a slash, the package name. */
export function payloadUrls(check: OmahaUpdateCheck): string[] {
  const name = check.packages[0]?.name;
  if (!name) throw new OmahaParseError('the update check has no package to download');
  return check.urls.map((url) => (url.endsWith('/') ? url : `${url}/`) + name);
}
