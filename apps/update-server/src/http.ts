import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { errorAnswer, InputError, NotFoundError, TooLargeError, UnauthenticatedError, UnsupportedMediaTypeError } from '@strata/errors';
import { encodeResponse, parseRequest } from '@strata/omaha';
import type { AdminService } from './admin';
import type { Package } from './model';
import { receivePayload, sendPayload } from './payloads';
import type { UpdateService } from './updates';

/** Limits and settings of the HTTP side. */
export interface HttpOptions {
  /** Largest Omaha request body (update_engine's are about 1 KiB); default 64 KiB. */
  omahaBodyLimit: number;
  /** Largest admin JSON body; default 64 KiB. */
  jsonBodyLimit: number;
  /** Largest uploaded payload; default 4 GiB. */
  uploadLimit: number;
  /** The base URL machines download from (`https://updates.example.com`); default: the Host the request came to. */
  publicUrl: string | undefined;
  /** The admin API's bearer token. */
  adminToken: string;
  packagesDir: string;
}

/** Reads a body up to `limit` bytes. @throws TooLargeError past it (also for a Content-Length announcing more). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new TooLargeError(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new TooLargeError(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers }).end(text);
}

function sendError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const answer = errorAnswer(error);
  // A refused body may still be arriving: close the connection rather than read it.
  const close: Record<string, string> = answer.status === 413 ? { connection: 'close' } : {};
  sendJson(res, answer.status, answer.body, { ...(answer.headers ?? {}), ...close });
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The request handler of the whole server: Omaha, payload downloads, the admin API and a health check. */
export function createHandler(updates: UpdateService, admin: AdminService, options: HttpOptions) {
  const tokenDigest = digest(options.adminToken);

  const baseUrl = (req: IncomingMessage): string => {
    if (options.publicUrl) return options.publicUrl.replace(/\/+$/, '');
    const host = req.headers.host && /^[A-Za-z0-9.:[\]-]+$/.test(req.headers.host) ? req.headers.host : `${req.socket.localAddress}:${req.socket.localPort}`;
    return `http://${host}`;
  };

  const codebase = (req: IncomingMessage) => (pkg: Package) => pkg.url ?? `${baseUrl(req)}/v1/packages/${encodeURIComponent(pkg.version)}/`;

  async function omaha(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, options.omahaBodyLimit);
    const request = parseRequest(body.toString('utf8'));
    const answer = encodeResponse(await updates.handle(request, codebase(req)));
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-length': Buffer.byteLength(answer) }).end(answer);
  }

  async function download(req: IncomingMessage, res: ServerResponse, file: string): Promise<void> {
    const snap = await updates.snapshot();
    const pkg = snap.files.get(file);
    const path = join(options.packagesDir, file);
    if (!pkg || !existsSync(path)) throw new NotFoundError(`no payload ${file}`);
    await sendPayload(req, res, pkg, path);
  }

  function authorize(req: IncomingMessage): void {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1])
      throw new UnauthenticatedError(
        'the admin API needs "Authorization: Bearer <token>" (the token is in admin-token in the server\'s data directory)',
        'Bearer realm="strata-updates"',
      );
    if (!timingSafeEqual(digest(match[1]), tokenDigest)) throw new UnauthenticatedError('the admin token is not valid', 'Bearer realm="strata-updates"');
  }

  async function json(req: IncomingMessage): Promise<Record<string, unknown>> {
    const type = (req.headers['content-type'] ?? 'application/json').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') throw new UnsupportedMediaTypeError(`send application/json, not ${type}`);
    const text = (await readBody(req, options.jsonBodyLimit)).toString('utf8');
    if (text.trim() === '') return {};
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InputError(`the body is not JSON: ${(error as Error).message}`, [{ path: '', message: 'not JSON' }]);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new InputError('the body must be a JSON object', [{ path: '', message: 'must be an object' }]);
    return value as Record<string, unknown>;
  }

  const field = (body: Record<string, unknown>, name: string): string => {
    const value = body[name];
    if (typeof value !== 'string' || value.trim() === '') throw new InputError(`${name} is required`, [{ path: name, message: 'required, a string' }]);
    return value.trim();
  };

  async function adminRoute(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    authorize(req);
    const app = url.searchParams.get('app') ?? undefined;
    const parts = url.pathname
      .replace(/^\/v1\/admin\/?/, '')
      .split('/')
      .filter(Boolean)
      .map(decodeURIComponent);
    const method = req.method ?? 'GET';
    const [resource, name, action] = parts;
    if (method === 'GET' && resource === 'status' && !name) return sendJson(res, 200, await admin.status(app));
    if (resource === 'packages' && !name) {
      if (method === 'GET') return sendJson(res, 200, { packages: await admin.packages(app) });
      if (method === 'POST' && (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
        const body = await json(req);
        const pkg = await admin.publishExternal({
          ...(app ? { app } : {}),
          version: field(body, 'version'),
          name: field(body, 'name'),
          url: field(body, 'url'),
          size: Number(body['size']),
          sha1Base64: field(body, 'sha1'),
          sha256Base64: field(body, 'sha256'),
        });
        const channel = typeof body['channel'] === 'string' ? body['channel'] : undefined;
        const promoted = channel ? await admin.promote({ ...(app ? { app } : {}), channel, version: pkg.version }) : undefined;
        return sendJson(res, 201, { package: pkg, ...(promoted ? { channel: promoted } : {}) });
      }
      if (method === 'POST') {
        const version = url.searchParams.get('version');
        if (!version) throw new InputError('version is required', [{ path: 'version', message: 'pass ?version=<version>' }]);
        const upload = await receivePayload(req, options.packagesDir, options.uploadLimit);
        const pkg = await admin.publish(upload, {
          version,
          ...(app ? { app } : {}),
          ...(url.searchParams.get('name') ? { name: url.searchParams.get('name') as string } : {}),
        });
        const channel = url.searchParams.get('channel');
        const promoted = channel ? await admin.promote({ ...(app ? { app } : {}), channel, version }) : undefined;
        return sendJson(res, 201, { package: pkg, ...(promoted ? { channel: promoted } : {}) });
      }
    }
    if (resource === 'channels' && name && method === 'POST' && action === 'promote') {
      const body = await json(req);
      return sendJson(res, 200, { channel: await admin.promote({ ...(app ? { app } : {}), channel: name, version: field(body, 'version') }) });
    }
    if (resource === 'channels' && name && method === 'PUT' && action === 'floors') {
      const body = await json(req);
      const versions = body['versions'];
      if (!Array.isArray(versions) || !versions.every((v) => typeof v === 'string'))
        throw new InputError('versions must be a list of versions', [{ path: 'versions', message: 'a list of strings' }]);
      return sendJson(res, 200, { channel: await admin.setFloors({ ...(app ? { app } : {}), channel: name, versions: versions as string[] }) });
    }
    if (resource === 'groups' && name && !action && method === 'PUT') {
      const body = await json(req);
      return sendJson(res, 200, { group: await admin.putGroup({ ...(app ? { app } : {}), group: name, channel: field(body, 'channel') }) });
    }
    if (resource === 'groups' && name && method === 'POST' && (action === 'pause' || action === 'resume')) {
      const body = await json(req);
      const reason = typeof body['reason'] === 'string' ? body['reason'] : undefined;
      return sendJson(res, 200, {
        group: await admin.setPaused({ ...(app ? { app } : {}), group: name, paused: action === 'pause', ...(reason ? { reason } : {}) }),
      });
    }
    if (resource === 'groups' && name && action === 'policy' && (method === 'PUT' || method === 'PATCH')) {
      const body = await json(req);
      return sendJson(res, 200, { group: await admin.setPolicy({ ...(app ? { app } : {}), group: name, patch: body }) });
    }
    if (resource === 'instances' && name && !action && method === 'GET')
      return sendJson(res, 200, await admin.instance({ ...(app ? { app } : {}), machineId: name }));
    throw new NotFoundError(`no admin route ${method} ${url.pathname}`);
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = url.pathname;
      if (path === '/v1/update' || path === '/v1/update/') {
        if (req.method !== 'POST') throw new NotFoundError(`the Omaha endpoint takes POST, not ${req.method}`);
        return await omaha(req, res);
      }
      if (path.startsWith('/v1/packages/') && (req.method === 'GET' || req.method === 'HEAD')) {
        const file = path.slice('/v1/packages/'.length).split('/').map(decodeURIComponent).join('/');
        return await download(req, res, file);
      }
      if (path === '/v1/admin' || path.startsWith('/v1/admin/')) return await adminRoute(req, res, url);
      if (path === '/healthz' && req.method === 'GET') return sendJson(res, 200, { ok: true });
      throw new NotFoundError(`no route ${req.method} ${path}`);
    } catch (error) {
      sendError(res, error);
    }
  };
}
