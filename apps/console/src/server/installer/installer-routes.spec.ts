import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSession, createUser, listAudit } from '@strata/console-server';
import { consoleRuntime } from '../runtime';
import { useConsoleTestEnv } from '../testing/console-env';
import { callRoute, routeRequest, type SignedIn } from './testing/route-request';
import * as credentialsRoute from '../../app/api/installer/credentials/route';
import * as assetsRoute from '../../app/api/installer/installs/[id]/assets/route';
import * as destroyRoute from '../../app/api/installer/installs/[id]/destroy/route';
import * as eventsRoute from '../../app/api/installer/installs/[id]/events/route';
import * as kubeconfigRoute from '../../app/api/installer/installs/[id]/kubeconfig/route';
import * as installsRoute from '../../app/api/installer/installs/[id]/route';
import * as createInstallRoute from '../../app/api/installer/installs/route';
import * as providersRoute from '../../app/api/installer/providers/route';
import * as validateRoute from '../../app/api/installer/validate/route';

const env = useConsoleTestEnv('console-installer');
const TOKEN = 'svc-token-0123456789abcdef0123456789abcdef';

/** What the installer service received. */
interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * An HTTP server in the place of the installer service that answers each route from `answers`
 * and records every request, so the specs see exactly what the console sent.
 */
let service: Server;
let received: Received[] = [];
let answers: Record<string, (req: Received) => { status: number; body: string; type?: string }> = {};

const SNAPSHOT = {
  id: 'ins_1',
  cluster: 'lab',
  platform: 'local',
  until: 'ready',
  state: 'running',
  createdAt: '2026-12-04T10:00:00.000Z',
  createdBy: 'olga',
  updatedAt: '2026-12-04T10:00:01.000Z',
  phases: [],
  steps: [],
  machines: [],
  lastSeq: 3,
};

const who: Record<'viewer' | 'operator' | 'admin', SignedIn> = {} as Record<'viewer' | 'operator' | 'admin', SignedIn>;

describe('the console’s installer routes', () => {
  beforeAll(async () => {
    service = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        received.push(r);
        const answer = answers[`${r.method} ${r.url.split('?')[0]}`]?.(r) ?? {
          status: 404,
          body: JSON.stringify({ code: 'not-found', message: 'no such route', problems: [] }),
        };
        res.writeHead(answer.status, { 'content-type': answer.type ?? 'application/json' });
        res.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    const tokenFile = join(env.dir, 'service-token');
    writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    process.env['STRATA_INSTALLER_URL'] = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
    process.env['STRATA_INSTALLER_TOKEN_FILE'] = tokenFile;
    const { store } = await consoleRuntime();
    for (const role of ['viewer', 'operator', 'admin'] as const) {
      const user = await createUser(store, { username: `${role}-w`, password: `${role}-password-1`, role });
      const s = await createSession(store, user.id);
      who[role] = { token: s.token, csrf: s.csrfToken };
    }
  });
  beforeEach(() => {
    received = [];
    answers = {};
  });
  afterAll(async () => {
    await new Promise((resolve) => service.close(resolve));
    await env.close();
  });

  it('calls the service with its token and the signed-in user’s name and role, never the browser’s headers', async () => {
    answers['GET /v1/providers'] = () => ({ status: 200, body: JSON.stringify({ items: [] }) });
    const req = routeRequest('/api/installer/providers', 'GET', who.viewer, {
      headers: { 'x-strata-role': 'admin', 'x-strata-user': 'mallory', authorization: 'Bearer forged' },
    });
    const res = await callRoute(providersRoute.GET, req);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ items: [] });
    expect(received).toHaveLength(1);
    expect(received[0]!.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'x-strata-user': 'viewer-w', 'x-strata-role': 'viewer' });
  });

  it('answers a validation as the service made it', async () => {
    const validation = { valid: false, problems: [{ path: 'spec.workers[0].replicas', message: 'must be ≥ 0' }], nodes: 1, license: null };
    answers['POST /v1/validate'] = () => ({ status: 200, body: JSON.stringify(validation) });
    const res = await callRoute(
      validateRoute.POST,
      routeRequest('/api/installer/validate', 'POST', who.viewer, { json: { document: 'kind: Cluster', online: true } }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(validation);
    expect(JSON.parse(received[0]!.body)).toEqual({ document: 'kind: Cluster', online: true });
  });

  it.each([
    [
      'a viewer installs',
      () =>
        callRoute(
          createInstallRoute.POST,
          routeRequest('/api/installer/installs', 'POST', who.viewer, { json: { document: 'x' }, headers: { 'idempotency-key': 'key-12345678' } }),
        ),
      'may not operate',
    ],
    [
      'a viewer stores a credential',
      () =>
        callRoute(
          credentialsRoute.POST,
          routeRequest('/api/installer/credentials', 'POST', who.viewer, { json: { platform: 'aws', kind: 'access-key', name: 'n', values: { a: 'b' } } }),
        ),
      'may not operate',
    ],
    [
      'an operator destroys',
      () =>
        callRoute(destroyRoute.POST, routeRequest('/api/installer/installs/ins_1/destroy', 'POST', who.operator, { json: { confirm: 'lab' } }), {
          id: 'ins_1',
        }),
      'may not administer',
    ],
    [
      'an operator reads the kubeconfig',
      () => callRoute(kubeconfigRoute.GET, routeRequest('/api/installer/installs/ins_1/kubeconfig', 'GET', who.operator), { id: 'ins_1' }),
      'may not administer',
    ],
  ])('refuses when %s, before asking the service', async (_what, make, message) => {
    const res = await make();
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toContain(message);
    expect(received).toEqual([]);
  });

  it('refuses an install without an Idempotency-Key, and passes the key on', async () => {
    const without = await callRoute(createInstallRoute.POST, routeRequest('/api/installer/installs', 'POST', who.operator, { json: { document: 'x' } }));
    expect(without.status).toBe(400);
    expect(((await without.json()) as { problems: { path: string }[] }).problems[0]?.path).toBe('idempotency-key');
    answers['POST /v1/installs'] = () => ({ status: 201, body: JSON.stringify(SNAPSHOT) });
    const res = await callRoute(
      createInstallRoute.POST,
      routeRequest('/api/installer/installs', 'POST', who.operator, {
        json: { document: 'x', planId: 'pln_1' },
        headers: { 'idempotency-key': 'key-12345678' },
      }),
    );
    expect(res.status).toBe(201);
    expect(received[0]!.headers['idempotency-key']).toBe('key-12345678');
    const { store } = await consoleRuntime();
    expect((await listAudit(store, { user: 'operator-w' }))[0]).toMatchObject({
      action: 'installer.install.create',
      target: 'install/ins_1',
      outcome: 'success',
    });
  });

  it('passes the service’s refusals on with their problems', async () => {
    answers['POST /v1/installs'] = () => ({
      status: 403,
      body: JSON.stringify({
        code: 'not-allowed',
        message: '11 nodes is more than the free tier of 10',
        problems: [{ path: 'spec.license', message: 'add a license' }],
      }),
    });
    const res = await callRoute(
      createInstallRoute.POST,
      routeRequest('/api/installer/installs', 'POST', who.operator, { json: { document: 'x' }, headers: { 'idempotency-key': 'key-abcdefgh' } }),
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      code: 'not-allowed',
      message: '11 nodes is more than the free tier of 10',
      problems: [{ path: 'spec.license', message: 'add a license' }],
    });
  });

  it('answers 502, not 401, when the service refuses the console’s token, and never shows the token', async () => {
    answers['GET /v1/installs/ins_1'] = (r) => ({
      status: 401,
      body: JSON.stringify({ code: 'unauthenticated', message: `bad token ${r.headers.authorization}`, problems: [] }),
    });
    const res = await callRoute(installsRoute.GET, routeRequest('/api/installer/installs/ins_1', 'GET', who.admin), { id: 'ins_1' });
    expect(res.status).toBe(502);
    const text = await res.text();
    expect(text).toContain('STRATA_INSTALLER_TOKEN_FILE');
    expect(text).not.toContain(TOKEN);
  });

  it('stores a credential through the service and answers only its summary', async () => {
    const summary = {
      id: 'cred_1',
      platform: 'aws',
      kind: 'access-key',
      name: 'prod',
      fingerprint: '0123456789abcdef',
      identity: { account: '123456789012', principal: 'arn:aws:iam::123456789012:user/ci', display: 'ci in 123456789012' },
      createdAt: '2026-12-04T10:00:00.000Z',
      verifiedAt: '2026-12-04T10:00:00.000Z',
    };
    answers['POST /v1/credentials'] = () => ({ status: 201, body: JSON.stringify(summary) });
    const values = { accessKeyId: 'AKIAEXAMPLEKEY000001', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
    const res = await callRoute(
      credentialsRoute.POST,
      routeRequest('/api/installer/credentials', 'POST', who.operator, { json: { platform: 'aws', kind: 'access-key', name: 'prod', values } }),
    );
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual(summary);
    expect(text).not.toContain(values.secretAccessKey);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ values });
    const { store } = await consoleRuntime();
    const audited = JSON.stringify(await listAudit(store));
    expect(audited).toContain('installer.credential.create');
    expect(audited).not.toContain(values.secretAccessKey);
    expect(audited).not.toContain(values.accessKeyId);
  });

  it('passes the event stream through with Last-Event-ID winning over after', async () => {
    const stream =
      'id: 4\nevent: log\ndata: {"seq":4,"at":"2026-12-04T10:00:02.000Z","type":"log","level":"info","message":"hello"}\n\nevent: end\ndata: {}\n\n';
    answers['GET /v1/installs/ins_1/events'] = () => ({ status: 200, body: stream, type: 'text/event-stream' });
    const res = await callRoute(
      eventsRoute.GET,
      routeRequest('/api/installer/installs/ins_1/events?after=3', 'GET', who.viewer, { headers: { 'last-event-id': '7' } }),
      {
        id: 'ins_1',
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(await res.text()).toBe(stream);
    expect(received[0]!.headers['last-event-id']).toBe('7');
    const first = await callRoute(eventsRoute.GET, routeRequest('/api/installer/installs/ins_1/events?after=3', 'GET', who.viewer), { id: 'ins_1' });
    await first.text();
    expect(received[1]!.headers['last-event-id']).toBe('3');
    const bad = await callRoute(eventsRoute.GET, routeRequest('/api/installer/installs/ins_1/events?after=x', 'GET', who.viewer), { id: 'ins_1' });
    expect(bad.status).toBe(400);
  });

  it('hands the assets to a viewer without secrets, and the private keys to admins only', async () => {
    answers['GET /v1/installs/ins_1/assets'] = (r) => ({ status: 200, body: `archive ${r.url}`, type: 'application/gzip' });
    const plain = await callRoute(assetsRoute.GET, routeRequest('/api/installer/installs/ins_1/assets', 'GET', who.viewer), { id: 'ins_1' });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-disposition')).toBe('attachment; filename="ins_1-assets.tar.gz"');
    expect(await plain.text()).toBe('archive /v1/installs/ins_1/assets');
    const refused = await callRoute(assetsRoute.GET, routeRequest('/api/installer/installs/ins_1/assets?secrets=true', 'GET', who.operator), { id: 'ins_1' });
    expect(refused.status).toBe(403);
    expect(received).toHaveLength(1);
    const secrets = await callRoute(assetsRoute.GET, routeRequest('/api/installer/installs/ins_1/assets?secrets=true', 'GET', who.admin), { id: 'ins_1' });
    expect(await secrets.text()).toBe('archive /v1/installs/ins_1/assets?secrets=true');
    const { store } = await consoleRuntime();
    expect((await listAudit(store, { user: 'admin-w' }))[0]).toMatchObject({ action: 'installer.install.assets', target: 'install/ins_1' });
  });

  it('says so when the service is not running', async () => {
    const url = process.env['STRATA_INSTALLER_URL'];
    process.env['STRATA_INSTALLER_URL'] = 'http://127.0.0.1:9';
    try {
      const res = await callRoute(providersRoute.GET, routeRequest('/api/installer/providers', 'GET', who.viewer));
      expect(res.status).toBe(502);
      expect(((await res.json()) as { message: string }).message).toMatch(/cannot be reached/);
    } finally {
      process.env['STRATA_INSTALLER_URL'] = url;
    }
  });
});
