import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ensureArmTestCa, readArmTestCa } from './ca';
import { DEFAULT_VM_SIZES, type VmSize } from './catalog';
import { ArmError } from './errors';
import { handleLogin } from './login';
import type { Json } from './model';
import type { Reply } from './reply';
import { render, type Behaviour, type Conditions } from './resource';
import { routeArm } from './router';
import { ArmState } from './state';
import { TokenIssuer } from './token';

/** Options of {@link startArmServer}. */
export interface ArmServerOptions {
  subscriptionId?: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** Locations offered, default `['eastus', 'westeurope']`, each with zones 1, 2, 3. */
  locations?: string[];
  /** Zones per location, when they should differ from 1, 2, 3 (`{ westeurope: ['1'] }`). */
  zones?: Record<string, string[]>;
  /** How long a long-running operation stays in progress, default 50 ms. */
  asyncDelayMs?: number;
  /**
   * The `Retry-After` (seconds) sent with long-running operations, default 0: the SDK's
   * poller then waits its own `updateIntervalInMs` (2 s unless the client sets it), as a
   * test wants; real ARM sends values such as 10.
   */
  lroRetryAfterSeconds?: number;
  /** Items per page of every list, default 100 (small values exercise `nextLink`). */
  pageSize?: number;
  /** VM sizes offered (resourceSkus, usage families, vCPU quota); default {@link DEFAULT_VM_SIZES}. */
  vmSizes?: VmSize[];
  /** How long a deleted VM's NICs stay reserved for it (NicReservedForAnotherVm), default 0 (Azure: 180 s). */
  nicReservationMs?: number;
  /** Loopback port to listen on, default 0 (a free one). */
  port?: number;
}

/** A request matcher of the fault injections. */
export interface RequestMatch {
  method?: string;
  pathIncludes?: string;
}

/** A started ARM test server. */
export interface ArmServer {
  /** `https://127.0.0.1:PORT`: the ARM endpoint, passed as `endpoint` to each SDK client. */
  url: string;
  /** For `ClientSecretCredential(tenantId, clientId, secret, { authorityHost, disableInstanceDiscovery: true })`. */
  authorityHost: string;
  /** The test CA (PEM) and a file holding it, for `NODE_EXTRA_CA_CERTS`. */
  caPem: string;
  caFile: string;
  subscriptionId: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** A TokenCredential for in-process tests: tokens this server accepts, without the token endpoint. */
  credential: { getToken(scopes: string | string[]): Promise<{ token: string; expiresOnTimestamp: number }> };
  /** Sets a Compute quota of a location: `cores` (regional vCPUs), `virtualMachines` or a family such as `standardDSv5Family`. */
  setQuota(location: string, name: string, limit: number): void;
  /** The next `count` matching requests are answered 429 with `Retry-After` (default 1 s). */
  throttleNext(count: number, opts?: { retryAfterSeconds?: number } & RequestMatch): void;
  /** The next `count` matching requests are answered with this ARM error. */
  failNext(count: number, error: { status: number; code: string; message: string }, opts?: RequestMatch): void;
  /** The next `count` matching long-running operations end `Failed` with this error (provisioningState `Failed`). */
  failNextOperation(count: number, error: { code: string; message: string }, opts?: RequestMatch): void;
  /** Everything that exists, for assertions (resource groups included, as type Microsoft.Resources/resourceGroups). */
  resources(): Array<{ id: string; type: string; name: string; location?: string; tags?: Record<string, string>; properties: unknown }>;
  /** Every ARM request answered, in order (identity requests excluded), with when it was answered (ms since the epoch). */
  requestLog(): Array<{ method: string; path: string; apiVersion?: string; status: number; at: number }>;
  /** Forgets the request log. */
  clearRequestLog(): void;
  close(): Promise<void>;
}

interface Injection<T> {
  remaining: number;
  match: RequestMatch;
  value: T;
}

function matches(match: RequestMatch, method: string, path: string): boolean {
  return (!match.method || match.method.toUpperCase() === method) && (!match.pathIncludes || path.toLowerCase().includes(match.pathIncludes.toLowerCase()));
}

function take<T>(list: Injection<T>[], method: string, path: string): T | undefined {
  const found = list.find((i) => i.remaining > 0 && matches(i.match, method, path));
  if (!found) return undefined;
  found.remaining -= 1;
  return found.value;
}

const MAX_BODY = 4 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ArmError(413, 'RequestEntityTooLarge', 'The request content size exceeds the maximum allowed size of 4 MB.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): Json {
  if (!text.trim()) return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Json;
  } catch {
    // answered below
  }
  throw new ArmError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.');
}

/**
 * Starts an HTTPS server on a free loopback port that behaves as Azure Resource Manager
 * for the resource types in kinds/, plus the identity endpoints of the client credentials
 * flow. Its certificate comes from {@link ensureArmTestCa}: the process using the SDK must
 * have `NODE_EXTRA_CA_CERTS` set to `caFile` when it starts.
 */
export async function startArmServer(options: ArmServerOptions = {}): Promise<ArmServer> {
  const identity = {
    tenantId: options.tenantId ?? '72f988bf-86f1-41af-91ab-2d7cd011db47',
    clientId: options.clientId ?? 'a6b0c2d4-1e3f-4a5b-8c7d-9e0f1a2b3c4d',
    clientSecret: options.clientSecret ?? 'strata-test-secret',
  };
  const subscriptionId = options.subscriptionId ?? '00000000-0000-4000-8000-000000000001';
  const zones = new Map((options.locations ?? ['eastus', 'westeurope']).map((l) => [l.toLowerCase(), options.zones?.[l] ?? ['1', '2', '3']] as const));
  const sizes = options.vmSizes ?? DEFAULT_VM_SIZES;
  const state = new ArmState(subscriptionId, zones, sizes);
  const issuer = new TokenIssuer(identity);
  const throttles: Injection<number>[] = [];
  const failures: Injection<{ status: number; code: string; message: string }>[] = [];
  const operationFailures: Injection<{ code: string; message: string }>[] = [];
  const log: Array<{ method: string; path: string; apiVersion?: string; status: number; at: number }> = [];
  const timers = new Set<NodeJS.Timeout>();
  const behaviour: Behaviour = {
    asyncDelayMs: options.asyncDelayMs ?? 50,
    retryAfterSeconds: options.lroRetryAfterSeconds ?? 0,
    pageSize: options.pageSize ?? 100,
    nicReservationMs: options.nicReservationMs ?? 0,
    schedule(fn, ms) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        fn();
      }, ms);
      timers.add(timer);
    },
    operationFailure: (method, path) => take(operationFailures, method, path),
  };
  const ca = ensureArmTestCa();
  const tls = readArmTestCa(ca);

  const route = (method: string, url: URL, body: Json, conditions: Conditions): Reply =>
    routeArm({ state, behaviour, tenantId: identity.tenantId, sizes }, method, url, body, conditions);

  const authenticate = (req: IncomingMessage, origin: string): ArmError | undefined => {
    const header = req.headers.authorization;
    const challenge = (description: string) => ({
      'WWW-Authenticate': `Bearer authorization_uri="${origin}/${identity.tenantId}", error="invalid_token", error_description="${description}"`,
    });
    if (!header || !/^Bearer\s+/i.test(header)) {
      return new ArmError(
        401,
        'AuthenticationFailed',
        "Authentication failed. The 'Authorization' header is missing.",
        [],
        challenge("The authentication failed because of missing 'Authorization' header."),
      );
    }
    const problem = issuer.check(header.replace(/^Bearer\s+/i, ''));
    if (!problem) return undefined;
    const code = problem.includes('expiry') ? 'ExpiredAuthenticationToken' : 'InvalidAuthenticationToken';
    return new ArmError(401, code, problem, [], challenge(problem));
  };

  const send = (res: ServerResponse, method: string, reply: Reply) => {
    const text = reply.body === undefined || method === 'HEAD' ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      'x-ms-request-id': randomUUID(),
      'x-ms-correlation-request-id': randomUUID(),
      'Cache-Control': 'no-cache',
      ...(reply.body !== undefined ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
      'Content-Length': Buffer.byteLength(text),
      ...reply.headers,
    });
    res.end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, origin: string) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', origin);
    let reply: Reply;
    try {
      const text = await readBody(req);
      if (!url.pathname.toLowerCase().startsWith('/subscriptions')) {
        const login = handleLogin(method, url.pathname, new URLSearchParams(text), origin, identity, issuer);
        send(res, method, login ?? { status: 404, body: { error: 'not_found', error_description: `No endpoint at ${url.pathname}.` } });
        return;
      }
      const denied = authenticate(req, origin);
      if (denied) throw denied;
      const throttle = take(throttles, method, url.pathname);
      if (throttle !== undefined) {
        throw new ArmError(
          429,
          'TooManyRequests',
          `The request is being throttled as the limit has been reached for operation type - ${method === 'GET' ? 'Read' : 'Write'}_ObservationWindow_00:01:00. For more information, refer to - https://aka.ms/srpthrottlinglimits`,
          [],
          { 'Retry-After': String(throttle) },
        );
      }
      const failure = take(failures, method, url.pathname);
      if (failure) throw new ArmError(failure.status, failure.code, failure.message);
      const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
      reply = route(method, url, method === 'PUT' || method === 'PATCH' ? parseJson(text) : {}, {
        ifMatch: header('if-match'),
        ifNoneMatch: header('if-none-match'),
      });
    } catch (error) {
      // ARM repeats the error code in x-ms-error-code (clients such as azcore read it to decide on retries).
      if (error instanceof ArmError) reply = { status: error.status, body: error.body(), headers: { 'x-ms-error-code': error.code, ...error.headers } };
      else reply = { status: 500, body: { error: { code: 'InternalServerError', message: `The server had an internal error: ${(error as Error).message}` } } };
    }
    const apiVersion = url.searchParams.get('api-version');
    log.push({ method, path: url.pathname, ...(apiVersion ? { apiVersion } : {}), status: reply.status, at: Date.now() });
    send(res, method, reply);
  };

  let origin = '';
  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    void handle(req, res, origin);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.endpoint = origin;
  state.nicReservationMs = behaviour.nicReservationMs;

  return {
    url: origin,
    authorityHost: origin,
    caPem: tls.caPem,
    caFile: ca.caFile,
    subscriptionId,
    ...identity,
    credential: {
      getToken: async () => {
        const minted = issuer.mint();
        return { token: minted.token, expiresOnTimestamp: minted.expiresOnTimestamp };
      },
    },
    setQuota(location, name, limit) {
      state.quotas.set(`${location.toLowerCase()}/${name.toLowerCase()}`, limit);
    },
    throttleNext(count, opts = {}) {
      throttles.push({ remaining: count, match: opts, value: opts.retryAfterSeconds ?? 1 });
    },
    failNext(count, error, opts = {}) {
      failures.push({ remaining: count, match: opts, value: error });
    },
    failNextOperation(count, error, opts = {}) {
      operationFailures.push({ remaining: count, match: opts, value: error });
    },
    resources() {
      const groups = [...state.groups.values()].map((g) => ({
        id: g.id,
        type: 'Microsoft.Resources/resourceGroups',
        name: g.name,
        location: g.location,
        ...(g.tags ? { tags: g.tags } : {}),
        properties: { provisioningState: g.provisioningState },
      }));
      const rest = state.all().map((r) => {
        const full = render(state, r);
        return {
          id: r.id,
          type: r.kind.type,
          name: r.name,
          ...(r.location ? { location: r.location } : {}),
          ...(r.tags ? { tags: r.tags } : {}),
          properties: full['properties'],
        };
      });
      return [...groups, ...rest];
    },
    requestLog: () => log.map((entry) => ({ ...entry })),
    clearRequestLog() {
      log.length = 0;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
