import type { Customer, LicenseRecord, Subscription } from '../../store/model';
import { html } from '../html';
import { nextPageLink, page } from '../layout';
import { licensesTable, subscriptionsTable } from './tables';

/** A page of subscriptions. */
export function subscriptionsPage(options: {
  csrfToken: string;
  subscriptions: Subscription[];
  customers: Customer[];
  notice?: string;
  nextHref?: string | undefined;
}): string {
  const customers = new Map(options.customers.map((c) => [c.id, c]));
  return page(
    { title: 'Subscriptions', section: 'subscriptions', csrfToken: options.csrfToken, ...(options.notice ? { notice: options.notice } : {}) },
    html`<h1>Subscriptions</h1>
<p class="muted">Create subscriptions on a customer's page.</p>
${subscriptionsTable(options.subscriptions, { csrfToken: options.csrfToken, customers })}
${nextPageLink(options.nextHref)}`,
  );
}

/** A page of licenses, newest first. */
export function licensesPage(options: {
  csrfToken: string;
  licenses: LicenseRecord[];
  customers: Customer[];
  now: Date;
  notice?: string;
  nextHref?: string | undefined;
}): string {
  const customers = new Map(options.customers.map((c) => [c.id, c]));
  return page(
    { title: 'Licenses', section: 'licenses', csrfToken: options.csrfToken, ...(options.notice ? { notice: options.notice } : {}) },
    html`<h1>Licenses</h1>
<p class="muted">Issue licenses from a subscription on the customer's page.</p>
${licensesTable(options.licenses, { csrfToken: options.csrfToken, now: options.now, customers })}
${nextPageLink(options.nextHref)}`,
  );
}
