import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { parse } from 'yaml';
import { E2E_NAMESPACE, e2e } from './support/e2e-env';
import { clusterId, createUser, login } from './support/fixtures';
import { kubectl } from './support/kubectl';

const USERS = {
  operator: { username: 'otto', password: 'otto-operates-1' },
  viewer: { username: 'vera', password: 'vera-reads-only-1' },
};

/**
 * What credentials look like on the wire: kubeconfig credential fields, PEM blocks, a
 * `token` field or parameter, bearer headers and JWTs (service-account tokens). The word
 * "token" inside other names (an API server check called `start-legacy-token-tracking-controller`,
 * a pod's `serviceAccountToken` volume source) is not a credential and does not match.
 */
const FORBIDDEN: RegExp[] = [
  /client-key-data/i,
  /client-certificate-data/i,
  /certificate-authority-data/i,
  /BEGIN/,
  /(^|[^A-Za-z])token["']?\s*[:=]/m,
  /Bearer [\w.~+/-]{8,}/,
  /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\./,
];

/** The secret values of the test cluster's admin kubeconfig. */
function kubeconfigSecrets(): string[] {
  const doc = parse(readFileSync(e2e.kubeconfig, 'utf8')) as {
    users?: { user?: Record<string, unknown> }[];
    clusters?: { cluster?: Record<string, unknown> }[];
  };
  const values = [
    ...(doc.users ?? []).flatMap((u) => [u.user?.['client-key-data'], u.user?.['client-certificate-data'], u.user?.['token']]),
    ...(doc.clusters ?? []).map((c) => c.cluster?.['certificate-authority-data']),
  ];
  return values.filter((v): v is string => typeof v === 'string' && v.length > 20).map((v) => v.slice(0, 40));
}

/** The first forbidden string in `body` with some context around it, or undefined. */
function leak(body: string, secrets: string[], sessionToken: string): string | undefined {
  for (const pattern of FORBIDDEN) {
    const m = pattern.exec(body);
    if (m) return `${pattern}: …${body.slice(Math.max(0, m.index - 80), m.index + 80)}…`;
  }
  for (const secret of [...secrets, sessionToken]) {
    const at = body.indexOf(secret);
    if (at >= 0) return `secret material at ${at}: …${body.slice(Math.max(0, at - 40), at)}<secret>…`;
  }
  return undefined;
}

/** Reads the watch stream in the page, as the browser receives it, until its first RESYNC (at most 30 s). */
async function readStream(page: Page, url: string): Promise<string> {
  return page.evaluate(async (u) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30_000);
    let text = '';
    try {
      const res = await fetch(u, { signal: controller.signal });
      const reader = res.body?.getReader();
      if (!reader) return `no body (HTTP ${res.status})`;
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
        // A RESYNC is one line; read on until it is complete, then stop.
        if (/RESYNC[^\n]*\n\n/.test(text)) {
          controller.abort();
          break;
        }
      }
    } catch {
      // Aborted: the stream never ends by itself.
    }
    return text;
  }, url);
}

test('no page or API answer carries credentials, for any role', async ({ page, browser }) => {
  await login(page);
  await createUser(page, USERS.operator.username, USERS.operator.password, 'operator');
  await createUser(page, USERS.viewer.username, USERS.viewer.password, 'viewer');
  const id = await clusterId(page.request);
  const pod = kubectl(e2e.kubeconfig, ['-n', E2E_NAMESPACE, 'get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}']).trim();
  const node = `${e2e.clusterName}-cp-0`;
  const c = `/clusters/${id}`;
  const api = `/api/clusters/${id}`;
  const pages = [
    '/',
    c,
    `${c}/nodes`,
    `${c}/workloads`,
    `${c}/pods`,
    `${c}/namespaces`,
    `${c}/events`,
    `${c}/pods/${E2E_NAMESPACE}/${pod}`,
    `${c}/yaml?resource=nodes&name=${node}`,
    `${c}/yaml?resource=pods&namespace=${E2E_NAMESPACE}&name=${pod}`,
    '/license',
    '/users',
    '/clusters/import',
  ];
  const apis = [
    '/api/session',
    '/api/clusters',
    api,
    `${api}/overview`,
    ...['nodes', 'pods', 'deployments', 'statefulsets', 'daemonsets', 'namespaces', 'events', 'configmaps', 'services'].map(
      (r) => `${api}/resources/${r}?limit=500`,
    ),
    `${api}/object?resource=nodes&name=${node}`,
    `${api}/object?resource=deployments&namespace=${E2E_NAMESPACE}&name=web`,
    `${api}/object?resource=pods&namespace=${E2E_NAMESPACE}&name=${pod}`,
    '/api/license',
    '/api/users',
  ];
  const secrets = kubeconfigSecrets();
  expect(secrets.length).toBeGreaterThan(0);

  const contexts = [
    { role: 'admin', page },
    ...(await Promise.all(
      Object.entries(USERS).map(async ([role, user]) => {
        const ctx = await browser.newContext();
        const p = await ctx.newPage();
        await login(p, user.username, user.password);
        return { role, page: p };
      }),
    )),
  ];
  let checked = 0;
  for (const { role, page: p } of contexts) {
    const sessionCookie = (await p.context().cookies()).find((k) => k.name === 'strata_session')?.value;
    expect(sessionCookie, `${role} has a session`).toBeTruthy();
    const bodies: [string, string][] = [];
    for (const url of [...pages, ...apis]) {
      const res = await p.request.get(url);
      expect([200, 403], `${role} GET ${url} answered ${res.status()}`).toContain(res.status());
      bodies.push([url, await res.text()]);
    }
    bodies.push([`${api}/watch?resource=pods`, await readStream(p, `${api}/watch?resource=pods`)]);
    expect(bodies.at(-1)?.[1]).toContain('RESYNC');
    for (const [url, body] of bodies) {
      expect(leak(body, secrets, sessionCookie as string), `${role} GET ${url}`).toBeUndefined();
      checked += 1;
    }
  }
  expect(checked).toBe(contexts.length * (pages.length + apis.length + 1));
});
