import { readFile } from 'node:fs/promises';
import { errorForStatus, ProviderError, StrataError, type FieldProblem } from '@strata/errors';
import { ROLE_HEADER, USER_HEADER, type Role } from '@strata/install-contract';
import type { z } from 'zod';
import { installerServiceConfig, type InstallerServiceConfig } from './service-config';

/** The signed-in user a call is made for: the service enforces this role and audits this name. */
export interface InstallerCaller {
  username: string;
  role: Role;
}

/** Options of one call to the service. */
export interface InstallerCall {
  /** A JSON body. */
  json?: unknown;
  /** More request headers (Idempotency-Key, Last-Event-ID, Accept). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * The error for a non-2xx answer of the service, from its one error body. A 401 means the
 * service refused the console's own token: that is a fault between the two servers, not of
 * the user's session, so it is a 502 like a 5xx or an unreachable service.
 */
export async function errorFromServiceAnswer(res: Response): Promise<Error> {
  let message = `the installer service answered ${res.status}`;
  let problems: FieldProblem[] = [];
  try {
    const body = (await res.json()) as { message?: unknown; problems?: unknown };
    if (typeof body.message === 'string' && body.message) message = body.message;
    if (Array.isArray(body.problems)) problems = body.problems.filter((p): p is FieldProblem => typeof p?.path === 'string' && typeof p?.message === 'string');
  } catch {
    // Not the error body: keep the status.
  }
  if (res.status === 401)
    return new ProviderError('the installer service refused the console’s token; check STRATA_INSTALLER_TOKEN_FILE names the service’s service-token file');
  if (res.status >= 500) return new ProviderError(`the installer service failed: ${message}`, { retryable: res.status === 502 || res.status === 503 });
  const retryAfter = Number(res.headers.get('retry-after') ?? 'NaN');
  const error = errorForStatus(res.status, message, { problems, ...(Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : {}) });
  // Refusals (403 beyond the free tier, 409 on a plan mismatch) keep the problems that name the field.
  return problems.length > 0 && error.problems.length === 0 ? new StrataError(error.kind, error.message, { problems }) : error;
}

/**
 * A client of the installer service's HTTP API v1 (docs/installer-service.md) for one user.
 * Every call carries the service token as a bearer credential and the user's name and role
 * in `X-Strata-User` / `X-Strata-Role`: the console's server vouches for the session, the
 * service enforces the role. The token is read from its file on every call (the service may
 * have been set up again since) and never leaves this class: not in errors, not in logs.
 */
export class InstallerClient {
  constructor(
    private readonly caller: InstallerCaller,
    private readonly config: InstallerServiceConfig = installerServiceConfig(),
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** The service's base URL, for messages. */
  get url(): string {
    return this.config.url;
  }

  private async token(): Promise<string> {
    try {
      return (await readFile(this.config.tokenFile, 'utf8')).trim();
    } catch (error) {
      throw new ProviderError(
        `the console cannot read the installer service's token file ${this.config.tokenFile}: start the installer service once, or set STRATA_INSTALLER_TOKEN_FILE`,
        { cause: error },
      );
    }
  }

  /**
   * Sends one request and returns the answer as it is, whatever its status.
   * @throws ProviderError when the service cannot be reached.
   */
  async raw(method: string, path: string, call: InstallerCall = {}): Promise<Response> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${await this.token()}`,
      [USER_HEADER]: this.caller.username,
      [ROLE_HEADER]: this.caller.role,
      accept: 'application/json',
      ...call.headers,
    };
    if (call.json !== undefined) headers['content-type'] = 'application/json';
    try {
      return await this.fetchImpl(`${this.config.url}${path}`, {
        method,
        headers,
        ...(call.json === undefined ? {} : { body: JSON.stringify(call.json) }),
        ...(call.signal ? { signal: call.signal } : {}),
        cache: 'no-store',
        redirect: 'manual',
      });
    } catch (error) {
      if (call.signal?.aborted) throw error;
      throw new ProviderError(`the installer service at ${this.config.url} cannot be reached; is it running?`, { retryable: true, cause: error });
    }
  }

  /**
   * Sends one request and returns the answer when it is 2xx.
   * @throws the family error of the service's answer otherwise (see {@link errorFromServiceAnswer}).
   */
  async ok(method: string, path: string, call: InstallerCall = {}): Promise<Response> {
    const res = await this.raw(method, path, call);
    if (!res.ok) throw await errorFromServiceAnswer(res);
    return res;
  }

  /** A 2xx JSON answer parsed by `schema` (the body schemas of `@strata/install-contract`), with its status. */
  async json<S extends z.ZodType>(method: string, path: string, schema: S, call: InstallerCall = {}): Promise<{ status: number; body: z.infer<S> }> {
    const res = await this.ok(method, path, call);
    const parsed = schema.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) throw new ProviderError(`the installer service answered ${method} ${path} with a body this console does not understand`);
    return { status: res.status, body: parsed.data };
  }
}

/** `/v1/…` with every dynamic segment escaped. */
export function servicePath(strings: TemplateStringsArray, ...segments: string[]): string {
  return strings.reduce((path, part, i) => path + part + (i < segments.length ? encodeURIComponent(segments[i] ?? '') : ''), '');
}
