import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { forgetProcess, recordProcess } from '@strata/testkit';
import { binaryPath, findFreePort, ProcessGroup } from '@strata/toolchain';

/** A Dex OpenID Connect provider running on loopback for a test. */
export interface TestDex {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The console callback registered for the client; nothing listens there, the test reads the redirect. */
  redirectUri: string;
  /** The static password user. */
  user: { email: string; username: string; password: string };
  logFile: string;
  stop(): Promise<void>;
}

const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A bcrypt hash (the only format Dex's static passwords take), made by the C library's
 * crypt(3) through Perl, which Debian always has; libxcrypt implements `$2b$`.
 */
export function bcryptHash(password: string, cost = 10): string {
  const salt = [...randomBytes(22)].map((b) => BCRYPT_ALPHABET[b % 64]).join('');
  const hash = execFileSync('perl', ['-e', 'print crypt($ARGV[0], $ARGV[1])', password, `$2b$${String(cost).padStart(2, '0')}$${salt}`], { encoding: 'utf8' });
  if (!/^\$2b\$\d\d\$[./A-Za-z0-9]{53}$/.test(hash)) throw new Error(`crypt(3) did not produce a bcrypt hash (got "${hash}")`);
  return hash;
}

/** Dex came up, or exited; a busy port is told apart so the caller can try another. */
async function waitForDiscovery(issuer: string, logFile: string, exited: () => boolean): Promise<'ready' | 'port-taken'> {
  // Generous: on a loaded two-core machine a cold Dex start can take a while.
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (exited()) {
      const log = readFileSync(logFile, 'utf8');
      if (/address already in use/.test(log)) return 'port-taken';
      throw new Error(`dex exited during start-up:\n${log}`);
    }
    try {
      const response = await fetch(`${issuer}/.well-known/openid-configuration`);
      if (response.ok) return 'ready';
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`dex did not serve its discovery document within 90 s:\n${readFileSync(logFile, 'utf8')}`);
}

/**
 * Starts the pinned Dex (built by tools/binaries/build.sh) with in-memory storage, the
 * password database holding one static user, a `mockCallback` connector whose identity is
 * in the group `authors`, and one confidential client.
 */
export async function startDex(): Promise<TestDex> {
  const binary = binaryPath('dex');
  if (!existsSync(binary)) throw new Error(`dex is not built at ${binary}: run bash tools/binaries/build.sh`);
  // The ports are free when picked but may be taken before Dex binds them: pick again then.
  for (let attempt = 1; ; attempt++) {
    const dex = await startDexOnce(binary);
    if (dex !== 'port-taken') return dex;
    if (attempt === 3) throw new Error('dex could not bind a free loopback port in 3 attempts');
  }
}

async function startDexOnce(binary: string): Promise<TestDex | 'port-taken'> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-dex-'));
  const [port, callbackPort] = [await findFreePort(), await findFreePort()];
  const issuer = `http://127.0.0.1:${port}/dex`;
  const user = { email: 'ada@example.com', username: 'ada', password: randomBytes(12).toString('base64url') };
  const client = { id: 'strata-console', secret: randomBytes(16).toString('hex') };
  const redirectUri = `http://127.0.0.1:${callbackPort}/api/auth/oidc/callback`;
  const config = {
    issuer,
    storage: { type: 'memory' },
    web: { http: `127.0.0.1:${port}` },
    logger: { level: 'debug' },
    oauth2: { skipApprovalScreen: true },
    enablePasswordDB: true,
    staticPasswords: [{ email: user.email, hash: bcryptHash(user.password), username: user.username, userID: '6f1c1b9e-4d59-4c4f-9d35-8f1f0b1e2a01' }],
    staticClients: [{ id: client.id, secret: client.secret, name: 'Strata console', redirectURIs: [redirectUri] }],
    connectors: [{ type: 'mockCallback', id: 'mock', name: 'Example directory' }],
  };
  const configFile = join(dir, 'config.yaml');
  writeFileSync(configFile, stringify(config));
  const logFile = join(dir, 'dex.log');
  const group = new ProcessGroup();
  const proc = group.spawn({ name: 'dex', command: binary, args: ['serve', configFile], logFile });
  recordProcess(proc.pid, 'dex');
  const stop = async () => {
    await group.stopAll();
    forgetProcess(proc.pid);
    rmSync(dir, { recursive: true, force: true });
  };
  let outcome: 'ready' | 'port-taken';
  try {
    outcome = await waitForDiscovery(issuer, logFile, () => !proc.running());
  } catch (error) {
    await stop();
    throw error;
  }
  if (outcome === 'port-taken') {
    await stop();
    return outcome;
  }
  return { issuer, clientId: client.id, clientSecret: client.secret, redirectUri, user, logFile, stop };
}

function decodeHtml(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&#43;/g, '+')
    .replace(/&#61;/g, '=')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

/**
 * Follows redirects by hand from `url` until one leads to `redirectUri`, and returns that
 * callback URL (with `code` and `state`). A page on the way ends the walk and is returned
 * as HTML for the caller to act on.
 */
async function follow(url: string, redirectUri: string, init?: RequestInit): Promise<{ callback: string } | { html: string; url: string }> {
  let next = url;
  let request = init;
  for (let hop = 0; hop < 10; hop++) {
    const response = await fetch(next, { ...request, redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const target = new URL(location, next).href;
      if (target.startsWith(redirectUri)) return { callback: target };
      next = target;
      request = undefined;
      continue;
    }
    return { html: await response.text(), url: next };
  }
  throw new Error(`more than 10 redirects from ${url}`);
}

/**
 * Drives Dex's login pages as a browser would: picks the connector on the chooser page,
 * and for the password database posts the login form. Returns the callback URL Dex
 * redirects to, or throws with the page Dex showed instead.
 */
export async function loginThroughDex(
  dex: TestDex,
  authUrl: string,
  how: { connector: 'local'; login: string; password: string } | { connector: 'mock' },
): Promise<string> {
  const chooser = await follow(authUrl, dex.redirectUri);
  if ('callback' in chooser) return chooser.callback;
  const link = [...chooser.html.matchAll(/href="([^"]+)"/g)].map((m) => decodeHtml(m[1] ?? '')).find((href) => href.includes(`/auth/${how.connector}`));
  if (!link) throw new Error(`dex showed no "${how.connector}" connector:\n${chooser.html}`);
  const connector = await follow(new URL(link, chooser.url).href, dex.redirectUri);
  if ('callback' in connector) return connector.callback;
  if (how.connector !== 'local') throw new Error(`dex stopped at a page:\n${connector.html}`);
  const action = /<form method="post" action="([^"]*)"/.exec(connector.html)?.[1];
  if (action === undefined) throw new Error(`dex showed no login form:\n${connector.html}`);
  const posted = await follow(new URL(decodeHtml(action), connector.url).href, dex.redirectUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login: how.login, password: how.password }).toString(),
  });
  if ('callback' in posted) return posted.callback;
  throw new Error(`dex did not sign in:\n${posted.html.includes('Invalid') ? 'Invalid username and password.' : posted.html}`);
}
