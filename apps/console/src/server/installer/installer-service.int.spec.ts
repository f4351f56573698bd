import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotAllowedError } from '@strata/errors';
import { createSession, createUser, listUsers } from '@strata/console-server';
import { startInstallerServiceProcess, type InstallerServiceProcess } from '@strata/testkit';
import { WORKSPACE_ROOT } from '@strata/toolchain';
import { consoleRuntime } from '../runtime';
import { useConsoleTestEnv } from '../testing/console-env';
import * as draftRoute from '../../app/api/installer/drafts/[id]/route';
import * as draftsRoute from '../../app/api/installer/drafts/route';
import * as createInstallRoute from '../../app/api/installer/installs/route';
import * as plansRoute from '../../app/api/installer/plans/route';
import * as providersRoute from '../../app/api/installer/providers/route';
import * as validateRoute from '../../app/api/installer/validate/route';
import { InstallerClient } from './installer-client';
import { callRoute, routeRequest, type SignedIn } from './testing/route-request';

const env = useConsoleTestEnv('console-installer-int');
const example = readFileSync(join(WORKSPACE_ROOT, 'examples/local.yaml'), 'utf8');

const who: Record<string, SignedIn> = {};
let service: InstallerServiceProcess;
let token = '';
/** Every answer the console gave in this file, to check that the service token is in none. */
const answers: string[] = [];

async function call(handler: unknown, req: NextRequest, params: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const res = await callRoute(handler, req, params);
  const text = await res.text();
  answers.push(text);
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe('the console’s installer routes against the real installer service', () => {
  beforeAll(async () => {
    service = await startInstallerServiceProcess({ dataDir: join(env.dir, 'installer-service'), env: { STRATA_HOME: join(env.dir, 'home') } });
    process.env['STRATA_INSTALLER_URL'] = service.url;
    process.env['STRATA_INSTALLER_TOKEN_FILE'] = join(service.dataDir, 'service-token');
    token = readFileSync(join(service.dataDir, 'service-token'), 'utf8').trim();
    const { store } = await consoleRuntime();
    for (const [name, role] of [
      ['vic', 'viewer'],
      ['olga', 'operator'],
      ['otto', 'operator'],
    ] as const) {
      const user = await createUser(store, { username: name, password: `${name}-password-1`, role });
      const s = await createSession(store, user.id);
      who[name] = { token: s.token, csrf: s.csrfToken };
    }
    // Olga in a second browser: another session of the same user.
    const olga = (await listUsers(store)).find((u) => u.username === 'olga')!;
    const second = await createSession(store, olga.id);
    who['olga2'] = { token: second.token, csrf: second.csrfToken };
  }, 90_000);

  afterAll(async () => {
    await service?.stop();
    await env.close();
  });

  it('lists the providers, the local one without credentials', async () => {
    const res = await call(providersRoute.GET, routeRequest('/api/installer/providers', 'GET', who['vic']!));
    expect(res.status).toBe(200);
    const local = (res.body as { items: { platform: string; credentialKinds: unknown[] }[] }).items.find((p) => p.platform === 'local');
    expect(local).toMatchObject({ credentialKinds: [] });
  });

  it('validates as strata validate does, problems at their paths', async () => {
    const ok = await call(validateRoute.POST, routeRequest('/api/installer/validate', 'POST', who['vic']!, { json: { document: example } }));
    expect(ok).toMatchObject({ status: 200, body: { valid: true, nodes: 3 } });
    const bad = await call(
      validateRoute.POST,
      routeRequest('/api/installer/validate', 'POST', who['vic']!, { json: { document: example.replace('replicas: 2', 'replicas: -1') } }),
    );
    expect(bad.status).toBe(200);
    expect(bad.body).toMatchObject({ valid: false, problems: [expect.objectContaining({ path: 'spec.workers[0].replicas' })] });
  });

  it('plans an install for an operator', async () => {
    const res = await call(plansRoute.POST, routeRequest('/api/installer/plans', 'POST', who['olga']!, { json: { document: example } }));
    expect(res.status).toBe(201);
    expect((res.body as { resources: { id: string }[] }).resources.map((r) => r.id)).toContain('machine/local-cp-0');
  });

  it('is refused by the service beyond the free tier without a license', async () => {
    const big = example.replace('replicas: 2', 'replicas: 10');
    const res = await call(
      createInstallRoute.POST,
      routeRequest('/api/installer/installs', 'POST', who['olga']!, { json: { document: big }, headers: { 'idempotency-key': 'int-spec-big-0001' } }),
    );
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      message: expect.stringContaining('11'),
      problems: expect.arrayContaining([expect.objectContaining({ path: 'spec.license' })]),
    });
  });

  it('is refused by the service too when a viewer’s call got past the console', async () => {
    const client = new InstallerClient({ username: 'vic', role: 'viewer' });
    await expect(
      client.ok('POST', '/v1/installs', { json: { document: example }, headers: { 'idempotency-key': 'int-spec-viewer-01' } }),
    ).rejects.toBeInstanceOf(NotAllowedError);
  });

  it('keeps a draft for its user across sessions, and from nobody else', async () => {
    const created = await call(
      draftsRoute.POST,
      routeRequest('/api/installer/drafts', 'POST', who['olga']!, { json: { name: 'lab', step: 'basics', document: example } }),
    );
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const other = await call(draftRoute.PUT, routeRequest(`/api/installer/drafts/${id}`, 'PUT', who['olga2']!, { json: { step: 'workers' } }), { id });
    expect(other.status).toBe(200);
    const read = await call(draftRoute.GET, routeRequest(`/api/installer/drafts/${id}`, 'GET', who['olga']!), { id });
    expect(read.body).toMatchObject({ id, step: 'workers', document: example });
    expect((await call(draftRoute.GET, routeRequest(`/api/installer/drafts/${id}`, 'GET', who['otto']!), { id })).status).toBe(404);
    expect(
      (await call(draftsRoute.POST, routeRequest('/api/installer/drafts', 'POST', who['vic']!, { json: { name: 'x', step: 'basics', document: '' } }))).status,
    ).toBe(403);
    expect((await call(draftRoute.DELETE, routeRequest(`/api/installer/drafts/${id}`, 'DELETE', who['olga']!), { id })).status).toBe(204);
  });

  it('never puts the service token in an answer', () => {
    expect(token.length).toBeGreaterThan(16);
    expect(answers.length).toBeGreaterThan(5);
    for (const answer of answers) expect(answer).not.toContain(token);
  });
});
