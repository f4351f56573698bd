import type { Customer } from '../../store/model';
import { html } from '../html';
import { csrfField, field, nextPageLink, page, type FormErrors } from '../layout';

/** A page of the customer list with the form to add one. */
export function customersPage(options: {
  csrfToken: string;
  customers: Customer[];
  errors?: FormErrors;
  values?: Record<string, string>;
  notice?: string;
  error?: string;
  nextHref?: string | undefined;
}): string {
  const rows = options.customers.map(
    (c) => html`<tr>
  <td><a href="/admin/customers/${c.id}">${c.name}</a></td>
  <td>${c.email ?? ''}</td>
  <td class="mono">${c.id}</td>
  <td>${c.createdAt.slice(0, 10)}</td>
</tr>`,
  );
  return page(
    {
      title: 'Customers',
      section: 'customers',
      csrfToken: options.csrfToken,
      ...(options.notice ? { notice: options.notice } : {}),
      ...(options.error ? { error: options.error } : {}),
    },
    html`<h1>Customers</h1>
<section class="card">
  <h2>New customer</h2>
  <form class="stack" method="post" action="/admin/customers" aria-label="New customer">
    ${csrfField(options.csrfToken)}
    ${field({ label: 'Name', name: 'name', value: options.values?.['name'] ?? '', errors: options.errors ?? {}, required: true })}
    ${field({ label: 'Contact email', name: 'email', type: 'email', value: options.values?.['email'] ?? '', errors: options.errors ?? {} })}
    <button type="submit">Create customer</button>
  </form>
</section>
<table>
  <thead><tr><th>Name</th><th>Contact</th><th>Id</th><th>Since</th></tr></thead>
  <tbody>${rows.length > 0 ? rows : html`<tr><td colspan="4" class="muted">No customers yet.</td></tr>`}</tbody>
</table>
${nextPageLink(options.nextHref)}`,
  );
}
