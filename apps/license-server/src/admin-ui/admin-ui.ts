import { readFileSync } from 'node:fs';
import { httpStatusOf, StrataError } from '@strata/errors';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csrfGuard, identifyAdmin, refuseWhileThrottled, SESSION_COOKIE } from '../http/admin-auth';
import type { AuthThrottle } from '../http/auth-throttle';
import { errorResponse } from '../http/error-response';
import { customerUsage } from '../services/customer-usage';
import type { ServiceContext } from '../services/context';
import { issueLicense } from '../services/issue-license';
import { licenseDownload } from '../services/license-download';
import { SUBSCRIPTION_STATUSES, type Customer, type SubscriptionStatus } from '../store/model';
import type { PageRequest } from '../store/page';
import { parseCustomerForm, parseSubscriptionForm, type FormFields } from './forms';
import { errorPage, loginPage, type FormErrors } from './layout';
import { customerPage } from './pages/customer-page';
import { customersPage } from './pages/customers-page';
import { licensesPage, subscriptionsPage } from './pages/list-pages';

/** Options of the admin UI plugin. */
export interface AdminUiOptions {
  ctx: ServiceContext;
  loginRateLimit: { max: number; timeWindow: number };
  secureCookies: boolean | 'auto';
  sessionTtlMs: number;
  /** Shared with the admin API, so wrong tokens count the same wherever they are tried. */
  throttle: AuthThrottle;
}

/** Fixed notices shown after an action; redirects carry only the key, never text. */
const NOTICES: Record<string, string> = {
  'customer-created': 'Customer created.',
  'subscription-created': 'Subscription created. Issue a license from it below.',
  'license-issued': 'License issued. Download it and send the file to the customer.',
  'license-revoked': 'License revoked. The validation endpoint answers REVOKED for it from now on.',
  'status-changed': 'Subscription status changed.',
};

const CSS = readFileSync(new URL('./admin.css', import.meta.url), 'utf8');

/** An admin page: HTML, never cached. (The security headers every answer carries are set in app.ts.) */
function securePage(reply: FastifyReply, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store');
}

/** A CSRF token for the page's forms (sets the CSRF secret cookie when the browser has none). */
function csrfOf(reply: FastifyReply): string {
  return reply.generateCsrf();
}

function noticeOf(request: FastifyRequest): string | undefined {
  const key = (request.query as Record<string, unknown> | undefined)?.['notice'];
  return typeof key === 'string' ? NOTICES[key] : undefined;
}

/** Rows per page of the UI's lists. */
const UI_PAGE_LIMIT = 100;

/** The page a list view asks for (`?cursor=`, as the Next page link sets it). */
function pageOf(request: FastifyRequest): PageRequest {
  const cursor = (request.query as Record<string, unknown> | undefined)?.['cursor'];
  return { limit: UI_PAGE_LIMIT, cursor: typeof cursor === 'string' && cursor !== '' ? cursor : undefined };
}

function nextHref(path: string, nextCursor: string | null): string | undefined {
  return nextCursor === null ? undefined : `${path}?cursor=${encodeURIComponent(nextCursor)}`;
}

function idParam(request: FastifyRequest): string {
  return String((request.params as Record<string, unknown>)['id'] ?? '');
}

/**
 * The vendor admin UI: server-rendered pages under /admin. Sign-in exchanges an admin token
 * for an httpOnly, SameSite=Strict session cookie; every form carries the session's CSRF token.
 */
export async function adminUi(app: FastifyInstance, options: AdminUiOptions): Promise<void> {
  const { ctx } = options;
  const { store } = ctx;
  const secure = (request: FastifyRequest) => (options.secureCookies === 'auto' ? request.protocol === 'https' : options.secureCookies);

  const cookie = (request: FastifyRequest, maxAgeSeconds: number) => ({
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: secure(request),
    maxAge: maxAgeSeconds,
  });

  /** A session is required (else a redirect to sign-in). */
  const session = async (request: FastifyRequest, reply: FastifyReply) => {
    const identity = await identifyAdmin(store.admin, request, ctx.now(), { bearer: false });
    if (!identity || 'wrongToken' in identity) return reply.redirect('/admin/login', 303);
    request.admin = identity;
  };
  /** Signed-in pages: a session, and on writes the CSRF token. */
  const requireSession = [session, csrfGuard(app)];

  const customerView = async (
    request: FastifyRequest,
    reply: FastifyReply,
    customerId: string,
    extra: { errors?: FormErrors; values?: FormFields; error?: string; status?: number } = {},
  ) => {
    const customer = await store.customers.get(customerId);
    const body = customerPage({
      csrfToken: csrfOf(reply),
      now: ctx.now(),
      customer,
      subscriptions: await store.subscriptions.list({ customerId }),
      licenses: await store.licenses.list({ customerId }),
      usage: await customerUsage(ctx, customerId),
      ...(extra.errors ? { errors: extra.errors } : {}),
      ...(extra.values ? { values: extra.values } : {}),
      ...(extra.error ? { error: extra.error } : {}),
      ...(noticeOf(request) ? { notice: noticeOf(request) as string } : {}),
    });
    return securePage(reply, extra.status ?? 200).send(body);
  };

  /** Runs a customer-page action; a refused action shows the page again with the reason. */
  const customerAction = async (request: FastifyRequest, reply: FastifyReply, customerId: string, action: () => Promise<string>) => {
    try {
      const notice = await action();
      return reply.redirect(`/admin/customers/${encodeURIComponent(customerId)}?notice=${notice}`, 303);
    } catch (error) {
      if (!(error instanceof StrataError) || error.kind === 'not-found') throw error;
      return customerView(request, reply, customerId, { error: error.message, status: httpStatusOf(error) });
    }
  };

  app.setErrorHandler(async (error, request, reply) => {
    const { status, body, headers } = errorResponse(error);
    if (status >= 500) request.log.error({ err: error }, 'admin page failed');
    return securePage(reply, status)
      .headers(headers ?? {})
      .send(errorPage({ title: 'Error', csrfToken: csrfOf(reply) }, status, body.message));
  });

  app.get('/admin/static/admin.css', async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(CSS));

  app.get('/admin/login', async (request, reply) => {
    const identity = await identifyAdmin(store.admin, request, ctx.now(), { bearer: false });
    if (identity && !('wrongToken' in identity)) return reply.redirect('/admin/customers', 303);
    return securePage(reply).send(loginPage({ loginCsrf: csrfOf(reply) }));
  });

  // The sign-in form is CSRF-protected too (against login CSRF), with the same cookie secret.
  const loginCsrf = (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => app.csrfProtection(request, reply, done);
  app.post('/admin/login', { config: { rateLimit: options.loginRateLimit }, preHandler: loginCsrf }, async (request, reply) => {
    refuseWhileThrottled(options.throttle, request);
    const form = (request.body ?? {}) as FormFields;
    if (typeof form['token'] !== 'string' || !(await store.admin.isValidToken(form['token']))) {
      options.throttle.failed(request.ip);
      return securePage(reply, 401).send(loginPage({ loginCsrf: csrfOf(reply), error: 'That admin token is not valid.' }));
    }
    options.throttle.succeeded(request.ip);
    const created = await store.admin.createSession(options.sessionTtlMs, ctx.now());
    reply.setCookie(SESSION_COOKIE, created.sessionId, cookie(request, Math.floor(options.sessionTtlMs / 1000)));
    return reply.redirect('/admin/customers', 303);
  });

  app.post('/admin/logout', { preHandler: requireSession }, async (request, reply) => {
    if (request.admin?.via === 'session') await store.admin.deleteSession(request.admin.sessionId);
    reply.clearCookie(SESSION_COOKIE, cookie(request, 0));
    return reply.redirect('/admin/login', 303);
  });

  app.get('/admin', { preHandler: requireSession }, async (_request, reply) => reply.redirect('/admin/customers', 303));

  app.get('/admin/customers', { preHandler: requireSession }, async (request, reply) => {
    const notice = noticeOf(request);
    const list = await store.customers.page(pageOf(request));
    return securePage(reply).send(
      customersPage({
        csrfToken: csrfOf(reply),
        customers: list.items,
        nextHref: nextHref('/admin/customers', list.nextCursor),
        ...(notice ? { notice } : {}),
      }),
    );
  });

  app.post('/admin/customers', { preHandler: requireSession }, async (request, reply) => {
    const form = (request.body ?? {}) as FormFields;
    const parsed = parseCustomerForm(form);
    const relist = async (status: number, extra: { errors?: FormErrors; error?: string }) =>
      securePage(reply, status).send(
        customersPage({ csrfToken: csrfOf(reply), customers: (await store.customers.page(pageOf(request))).items, values: form, ...extra }),
      );
    if (!parsed.ok) return relist(400, { errors: parsed.errors });
    try {
      const customer = await store.customers.create({ name: parsed.value.name, email: parsed.value.email ?? null }, ctx.now());
      return reply.redirect(`/admin/customers/${customer.id}?notice=customer-created`, 303);
    } catch (error) {
      if (error instanceof StrataError) return relist(httpStatusOf(error), { errors: { name: error.message } });
      throw error;
    }
  });

  app.get('/admin/customers/:id', { preHandler: requireSession }, async (request, reply) => customerView(request, reply, idParam(request)));

  app.post('/admin/customers/:id/subscriptions', { preHandler: requireSession }, async (request, reply) => {
    const customerId = idParam(request);
    await store.customers.get(customerId);
    const form = (request.body ?? {}) as FormFields;
    const parsed = parseSubscriptionForm(customerId, form);
    if (!parsed.ok) return customerView(request, reply, customerId, { errors: parsed.errors, values: form, status: 400 });
    const s = parsed.value;
    const startsAt = s.startsAt ? new Date(s.startsAt) : ctx.now();
    return customerAction(request, reply, customerId, async () => {
      await store.subscriptions.create(
        {
          customerId,
          plan: s.plan,
          nodes: s.nodes,
          features: s.features,
          startsAt,
          endsAt: new Date(startsAt.getTime() + s.termDays * 86_400_000),
          graceDays: s.graceDays,
        },
        ctx.now(),
      );
      return 'subscription-created';
    });
  });

  app.post('/admin/subscriptions/:id/licenses', { preHandler: requireSession }, async (request, reply) => {
    const subscription = await store.subscriptions.get(idParam(request));
    return customerAction(request, reply, subscription.customerId, async () => {
      await issueLicense(ctx, subscription.id);
      return 'license-issued';
    });
  });

  app.post('/admin/subscriptions/:id/status', { preHandler: requireSession }, async (request, reply) => {
    const subscription = await store.subscriptions.get(idParam(request));
    const status = ((request.body ?? {}) as FormFields)['status'];
    return customerAction(request, reply, subscription.customerId, async () => {
      if (!SUBSCRIPTION_STATUSES.includes(status as SubscriptionStatus))
        throw new StrataError('input', `status must be one of ${SUBSCRIPTION_STATUSES.join(', ')}`);
      await store.subscriptions.setStatus(subscription.id, status as SubscriptionStatus);
      return 'status-changed';
    });
  });

  /** The customers a page of rows refers to (not every customer). */
  const customersOf = async (rows: { customerId: string }[]): Promise<Customer[]> =>
    (await Promise.all([...new Set(rows.map((r) => r.customerId))].map((id) => store.customers.find(id)))).filter((c): c is Customer => c !== undefined);

  app.get('/admin/subscriptions', { preHandler: requireSession }, async (request, reply) => {
    const list = await store.subscriptions.page({}, pageOf(request));
    return securePage(reply).send(
      subscriptionsPage({
        csrfToken: csrfOf(reply),
        subscriptions: list.items,
        customers: await customersOf(list.items),
        nextHref: nextHref('/admin/subscriptions', list.nextCursor),
      }),
    );
  });

  app.get('/admin/licenses', { preHandler: requireSession }, async (request, reply) => {
    const list = await store.licenses.page({}, pageOf(request));
    return securePage(reply).send(
      licensesPage({
        csrfToken: csrfOf(reply),
        licenses: list.items,
        customers: await customersOf(list.items),
        now: ctx.now(),
        nextHref: nextHref('/admin/licenses', list.nextCursor),
      }),
    );
  });

  app.post('/admin/licenses/:id/revoke', { preHandler: requireSession }, async (request, reply) => {
    const license = await store.licenses.get(idParam(request));
    const reason = ((request.body ?? {}) as FormFields)['reason']?.trim() ?? '';
    return customerAction(request, reply, license.customerId, async () => {
      if (reason === '' || reason.length > 500) throw new StrataError('input', 'Give a reason (at most 500 characters) to revoke a license.');
      await store.licenses.revoke(license.id, reason, ctx.now());
      return 'license-revoked';
    });
  });

  app.get('/admin/licenses/:id/download', { preHandler: requireSession }, async (request, reply) => {
    const file = await licenseDownload(ctx, idParam(request));
    return reply
      .type('application/x-strata-license; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .header('cache-control', 'no-store')
      .send(file.content);
  });
}
