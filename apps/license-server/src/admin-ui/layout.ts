import { html, type SafeHtml } from './html';

/** Field problems of a form, by field name. */
export type FormErrors = Record<string, string>;

/** Everything a signed-in page shows around its content. */
export interface PageFrame {
  title: string;
  csrfToken: string;
  /** Which navigation entry is current. */
  section?: 'customers' | 'subscriptions' | 'licenses';
  notice?: string;
  error?: string;
}

const NAV = [
  ['customers', '/admin/customers', 'Customers'],
  ['subscriptions', '/admin/subscriptions', 'Subscriptions'],
  ['licenses', '/admin/licenses', 'Licenses'],
] as const;

function document(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Strata licensing</title>
<link rel="stylesheet" href="/admin/static/admin.css">
</head>
<body>
${body}
</body>
</html>
`.value;
}

/** A signed-in page: header with navigation and sign-out, notices, then `content`. */
export function page(frame: PageFrame, content: SafeHtml): string {
  const nav = NAV.map(([key, href, label]) => html`<a href="${href}" ${frame.section === key ? html`aria-current="page"` : ''}>${label}</a>`);
  return document(
    frame.title,
    html`<header class="top">
  <a class="brand" href="/admin">Strata licensing</a>
  <nav>${nav}</nav>
  <form class="inline" method="post" action="/admin/logout">${csrfField(frame.csrfToken)}<button class="secondary" type="submit">Sign out</button></form>
</header>
<main>
  ${frame.notice ? html`<p class="notice" role="status">${frame.notice}</p>` : ''}
  ${frame.error ? html`<p class="error" role="alert">${frame.error}</p>` : ''}
  ${content}
</main>`,
  );
}

/** The sign-in page. */
export function loginPage(options: { loginCsrf: string; error?: string }): string {
  return document(
    'Sign in',
    html`<main class="login">
  <section class="card">
    <h1>Strata licensing</h1>
    <p class="muted">Sign in with an admin token.</p>
    ${options.error ? html`<p class="error" role="alert">${options.error}</p>` : ''}
    <form method="post" action="/admin/login">
      <input type="hidden" name="_csrf" value="${options.loginCsrf}">
      <label>Admin token <input type="password" name="token" autocomplete="current-password" required></label>
      <button type="submit">Sign in</button>
    </form>
  </section>
</main>`,
  );
}

/** A small error page for signed-in users. */
export function errorPage(frame: PageFrame, status: number, message: string): string {
  return page(
    { ...frame, title: `Error ${status}` },
    html`<h1>Something went wrong</h1><p class="error" role="alert">${message}</p><p><a href="/admin">Back to the start</a></p>`,
  );
}

/** The link to the next page of a paged list, when there is one. */
export function nextPageLink(href: string | undefined): SafeHtml | '' {
  return href ? html`<p><a rel="next" href="${href}">Next page</a></p>` : '';
}

/** The hidden CSRF field every state-changing form carries. */
export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

/** A labelled input with its problem, if any. */
export function field(options: {
  label: string;
  name: string;
  value?: string;
  type?: string;
  errors?: FormErrors;
  required?: boolean;
  placeholder?: string;
  min?: number;
}): SafeHtml {
  const error = options.errors?.[options.name];
  return html`<label>${options.label}
  <input name="${options.name}" type="${options.type ?? 'text'}" value="${options.value ?? ''}" ${options.required ? html`required` : ''} ${options.placeholder ? html`placeholder="${options.placeholder}"` : ''} ${options.min !== undefined ? html`min="${options.min}"` : ''} ${error ? html`aria-invalid="true"` : ''}>
  ${error ? html`<span class="field-error">${error}</span>` : ''}
</label>`;
}

/** `2026-06-01T12:00:00.000Z` → `2026-06-01`. */
export function day(isoInstant: string): string {
  return isoInstant.slice(0, 10);
}

/** `2026-06-01T12:00:00.000Z` → `2026-06-01 12:00 UTC`. */
export function minute(isoInstant: string): string {
  return `${isoInstant.slice(0, 10)} ${isoInstant.slice(11, 16)} UTC`;
}
