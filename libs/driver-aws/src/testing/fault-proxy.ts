import { randomUUID } from 'node:crypto';
import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The services the driver calls, named like the keys of `spec.platform.aws.endpoints` (plus the tagging API). */
export type AwsService = 'ec2' | 'elb' | 'iam' | 'sts' | 'route53' | 's3' | 'tagging';

/** The error each service answers when it throttles a caller. */
export const THROTTLING_ERROR: Record<AwsService, string> = {
  ec2: 'RequestLimitExceeded',
  elb: 'Throttling',
  iam: 'Throttling',
  sts: 'Throttling',
  route53: 'Throttling',
  s3: 'SlowDown',
  tagging: 'ThrottlingException',
};

/** A fault to inject: matching calls are answered with an error instead of reaching the target. */
export interface FaultRule {
  /** Only calls of this service; every service when absent. */
  service?: AwsService;
  /** Only calls of this action (`RunInstances`, `ChangeResourceRecordSets`, `PutObject`): exact name or pattern. */
  action?: string | RegExp;
  /** The AWS error code; the service's own throttling error ({@link THROTTLING_ERROR}) when absent. */
  code?: string;
  /** HTTP status; the one the service uses for `code` when absent (503 for `RequestLimitExceeded` and `SlowDown`, 403 for `UnauthorizedOperation`). */
  status?: number;
  /** The error message; the service's own wording for the known codes when absent. */
  message?: string;
  /** Share of the matching calls answered with the error, 0 to 1 (default 1), drawn from a PRNG seeded with `seed`. */
  share?: number;
  /** Seed of the draws of `share` (default 1): the same seed fails the same calls of the same sequence. */
  seed?: number;
  /** Stop after injecting this many errors; unlimited when absent. */
  times?: number;
  /**
   * Let the call reach the target first and replace its answer by the error: the service acted,
   * but the caller only learns that it failed (an answer lost on the way back).
   */
  afterTarget?: boolean;
}

/** One call the proxy saw. */
export interface ProxiedCall {
  service: AwsService;
  action: string;
  /** The error code injected instead of the target's answer, if any. */
  injected?: string;
}

/** A counting, fault-injecting HTTP proxy in front of an AWS endpoint (moto). */
export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: point the SDK clients here. */
  endpoint: string;
  /** Calls received per `service:Action` (injected errors included). */
  counts(): Record<string, number>;
  /** Calls received in all. */
  total(): number;
  /** Errors injected per `service:Action:Code`. */
  injectedCounts(): Record<string, number>;
  /** Errors injected in all. */
  injected(): number;
  /** Forgets the counts (rules stay armed). */
  resetCounts(): void;
  /** Arms a rule; rules are checked in the order they were armed, the first that fires answers. */
  fail(rule: FaultRule): void;
  /** Arms the service's own throttling error for a share of every service's calls. */
  throttle(share: number, seed?: number): void;
  /** Disarms every rule. */
  clear(): void;
  /** Calls the listener is told of as they arrive. */
  onCall(listener: (call: ProxiedCall) => void): void;
  stop(): Promise<void>;
}

const QUERY_VERSIONS: Record<string, AwsService> = { '2016-11-15': 'ec2', '2015-12-01': 'elb', '2010-05-08': 'iam', '2011-06-15': 'sts' };
const SCOPE_SERVICES: Record<string, AwsService> = {
  ec2: 'ec2',
  elasticloadbalancing: 'elb',
  iam: 'iam',
  sts: 'sts',
  route53: 'route53',
  s3: 's3',
  tagging: 'tagging',
};

/** The service of a call: the SigV4 credential scope when signed (exact), else the shape of the request. */
export function serviceOf(headers: IncomingHttpHeaders, path: string, body: string): AwsService {
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(String(headers['authorization'] ?? ''));
  const byScope = scope?.[1] ? SCOPE_SERVICES[scope[1]] : undefined;
  if (byScope) return byScope;
  if (String(headers['x-amz-target'] ?? '').startsWith('ResourceGroupsTaggingAPI')) return 'tagging';
  if (path.startsWith('/2013-04-01/')) return 'route53';
  const version = String(headers['content-type'] ?? '').includes('x-www-form-urlencoded') ? new URLSearchParams(body).get('Version') : null;
  return (version && QUERY_VERSIONS[version]) || 's3';
}

/** Route 53's REST operations the driver uses, by method and path shape. */
const ROUTE53_ACTIONS: [string, RegExp, string][] = [
  ['GET', /^\/2013-04-01\/hostedzonesbyname$/, 'ListHostedZonesByName'],
  ['GET', /^\/2013-04-01\/hostedzone$/, 'ListHostedZones'],
  ['POST', /^\/2013-04-01\/hostedzone$/, 'CreateHostedZone'],
  ['GET', /^\/2013-04-01\/hostedzone\/[^/]+$/, 'GetHostedZone'],
  ['DELETE', /^\/2013-04-01\/hostedzone\/[^/]+$/, 'DeleteHostedZone'],
  ['GET', /^\/2013-04-01\/hostedzone\/[^/]+\/rrset\/?$/, 'ListResourceRecordSets'],
  ['POST', /^\/2013-04-01\/hostedzone\/[^/]+\/rrset\/?$/, 'ChangeResourceRecordSets'],
  ['POST', /^\/2013-04-01\/hostedzone\/[^/]+\/associatevpc$/, 'AssociateVPCWithHostedZone'],
  ['POST', /^\/2013-04-01\/hostedzone\/[^/]+\/disassociatevpc$/, 'DisassociateVPCFromHostedZone'],
  ['GET', /^\/2013-04-01\/tags\/[^/]+\/[^/]+$/, 'ListTagsForResource'],
  ['POST', /^\/2013-04-01\/tags\/[^/]+\/[^/]+$/, 'ChangeTagsForResource'],
  ['GET', /^\/2013-04-01\/change\/[^/]+$/, 'GetChange'],
];

/** S3's bucket sub-resources the driver uses, by method and query key. */
const S3_BUCKET_ACTIONS: Record<string, string> = {
  'GET tagging': 'GetBucketTagging',
  'PUT tagging': 'PutBucketTagging',
  'DELETE tagging': 'DeleteBucketTagging',
  'PUT publicAccessBlock': 'PutPublicAccessBlock',
  'GET publicAccessBlock': 'GetPublicAccessBlock',
  'GET location': 'GetBucketLocation',
  'GET versioning': 'GetBucketVersioning',
  'GET policy': 'GetBucketPolicy',
  'PUT policy': 'PutBucketPolicy',
  'POST delete': 'DeleteObjects',
};

function restAction(method: string, url: URL, route: [string, RegExp, string][], fallback: () => string): string {
  return route.find(([m, path]) => m === method && path.test(url.pathname))?.[2] ?? fallback();
}

function s3Action(method: string, url: URL): string {
  const segments = url.pathname.split('/').filter(Boolean);
  const keys = [...url.searchParams.keys()];
  if (segments.length === 0) return method === 'GET' ? 'ListBuckets' : `${method} /`;
  if (segments.length === 1) {
    for (const key of keys) {
      const action = S3_BUCKET_ACTIONS[`${method} ${key}`];
      if (action) return action;
    }
    if (method === 'GET') return url.searchParams.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
    return { PUT: 'CreateBucket', DELETE: 'DeleteBucket', HEAD: 'HeadBucket' }[method] ?? `${method} bucket`;
  }
  if (keys.includes('tagging')) return method === 'GET' ? 'GetObjectTagging' : 'PutObjectTagging';
  return { GET: 'GetObject', PUT: 'PutObject', DELETE: 'DeleteObject', HEAD: 'HeadObject' }[method] ?? `${method} object`;
}

/** The action of a call: `Action` of the query protocols, the operation of `X-Amz-Target`, or the REST operation. */
export function actionOf(service: AwsService, method: string, path: string, headers: IncomingHttpHeaders, body: string): string {
  const target = String(headers['x-amz-target'] ?? '');
  if (target) return target.slice(target.lastIndexOf('.') + 1);
  const url = new URL(path, 'http://proxy');
  if (service === 'route53') return restAction(method, url, ROUTE53_ACTIONS, () => `${method} ${url.pathname}`);
  if (service === 's3') return s3Action(method, url);
  return new URLSearchParams(body).get('Action') ?? url.searchParams.get('Action') ?? `${method} ${url.pathname}`;
}

const MESSAGES: Record<string, string> = {
  RequestLimitExceeded: 'Request limit exceeded.',
  UnauthorizedOperation: 'You are not authorized to perform this operation.',
  Throttling: 'Rate exceeded',
  ThrottlingException: 'Rate exceeded',
  SlowDown: 'Please reduce your request rate.',
  AccessDenied: 'Access Denied',
  AccessDeniedException: 'User is not authorized to perform this action',
  InternalError: 'We encountered an internal error. Please try again.',
  ServiceUnavailable: 'Service is unable to handle request.',
};

const STATUSES: Record<string, number> = {
  RequestLimitExceeded: 503,
  SlowDown: 503,
  ServiceUnavailable: 503,
  InternalError: 500,
  InternalFailure: 500,
  UnauthorizedOperation: 403,
  AccessDenied: 403,
  AccessDeniedException: 400,
};

/** The XML namespaces of the query-protocol services' error documents. */
const QUERY_NAMESPACES: Record<string, string> = {
  elb: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  route53: 'https://route53.amazonaws.com/doc/2013-04-01/',
};

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An error answer of `service`, in the format and with the headers that service uses. */
export function errorAnswer(
  service: AwsService,
  code: string,
  message: string,
  status: number,
): { status: number; headers: Record<string, string>; body: string } {
  const id = randomUUID();
  const type = status >= 500 ? 'Receiver' : 'Sender';
  switch (service) {
    case 'ec2':
      return {
        status,
        headers: { 'content-type': 'text/xml;charset=UTF-8' },
        body:
          `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${xml(code)}</Code><Message>${xml(message)}</Message></Error></Errors>` +
          `<RequestID>${id}</RequestID></Response>`,
      };
    case 'tagging':
      return {
        status,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': id, 'x-amzn-errortype': code },
        body: JSON.stringify({ __type: code, Message: message }),
      };
    case 's3':
      return {
        status,
        headers: { 'content-type': 'application/xml', 'x-amz-request-id': id, 'x-amz-id-2': Buffer.from(id).toString('base64') },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xml(code)}</Code><Message>${xml(message)}</Message><RequestId>${id}</RequestId></Error>`,
      };
    default:
      return {
        status,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': id },
        body:
          `<?xml version="1.0"?>\n<ErrorResponse xmlns="${QUERY_NAMESPACES[service] ?? ''}"><Error><Type>${type}</Type><Code>${xml(code)}</Code>` +
          `<Message>${xml(message)}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`,
      };
  }
}

/** mulberry32: a small, fast PRNG, so a seed replays the same draws. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ArmedRule {
  rule: FaultRule;
  draw: () => number;
  fired: number;
}

function matches(rule: FaultRule, service: AwsService, action: string): boolean {
  if (rule.service !== undefined && rule.service !== service) return false;
  if (rule.action === undefined) return true;
  return typeof rule.action === 'string' ? rule.action === action : rule.action.test(action);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendError(res: ServerResponse, service: AwsService, rule: FaultRule, code: string): void {
  const answer = errorAnswer(service, code, rule.message ?? MESSAGES[code] ?? code, rule.status ?? STATUSES[code] ?? 400);
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
  res.end(answer.body);
}

/**
 * Starts a proxy on a free loopback port that forwards every request (method, path,
 * headers, body) to `target` and streams the answer back, counting calls per
 * `service:Action`; armed rules answer some calls with the service's own error document
 * instead, so the SDK parses the same error name, message and status as from AWS.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let counts = new Map<string, number>();
  let injected = new Map<string, number>();
  let rules: ArmedRule[] = [];
  const listeners: ((call: ProxiedCall) => void)[] = [];
  const bump = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);

  const pick = (service: AwsService, action: string): ArmedRule | undefined => {
    for (const armed of rules) {
      if (!matches(armed.rule, service, action)) continue;
      if (armed.rule.times !== undefined && armed.fired >= armed.rule.times) continue;
      if (armed.draw() >= (armed.rule.share ?? 1)) continue;
      armed.fired += 1;
      return armed;
    }
    return undefined;
  };

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      const text = body.toString('utf8');
      const service = serviceOf(req.headers, path, text);
      const action = actionOf(service, method, path, req.headers, text);
      bump(counts, `${service}:${action}`);
      const armed = pick(service, action);
      const code = armed ? (armed.rule.code ?? THROTTLING_ERROR[service]) : undefined;
      for (const l of listeners) l({ service, action, ...(code ? { injected: code } : {}) });
      if (armed && code) bump(injected, `${service}:${action}:${code}`);
      if (armed && code && !armed.rule.afterTarget) {
        sendError(res, service, armed.rule, code);
        return;
      }
      const forward = request(
        { protocol: upstream.protocol, hostname: upstream.hostname, port: upstream.port, method, path, headers: req.headers, agent },
        (answer) => {
          if (armed && code) {
            answer.resume();
            answer.on('end', () => sendError(res, service, armed.rule, code));
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', (error) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`fault proxy: ${target} did not answer: ${error.message}`);
      });
      forward.end(body);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fault proxy: ${(error as Error).message}`);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  const fail = (rule: FaultRule): void => {
    const share = rule.share ?? 1;
    if (!(share >= 0 && share <= 1)) throw new RangeError(`share must be between 0 and 1, not ${share}`);
    rules.push({ rule, draw: prng(rule.seed ?? 1), fired: 0 });
  };
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts: () => Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b))),
    total: () => sum(counts),
    injectedCounts: () => Object.fromEntries([...injected].sort(([a], [b]) => a.localeCompare(b))),
    injected: () => sum(injected),
    resetCounts() {
      counts = new Map();
      injected = new Map();
    },
    fail,
    throttle: (share, seed) => fail({ share, ...(seed === undefined ? {} : { seed }) }),
    clear() {
      rules = [];
    },
    onCall(listener) {
      listeners.push(listener);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      agent.destroy();
    },
  };
}
