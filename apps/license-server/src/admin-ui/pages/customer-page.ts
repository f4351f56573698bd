import type { CustomerUsage } from '../../services/customer-usage';
import type { Customer, LicenseRecord, Subscription } from '../../store/model';
import { html } from '../html';
import { csrfField, field, minute, page, type FormErrors } from '../layout';
import { licensesTable, subscriptionsTable } from './tables';

/** Everything the customer page shows. */
export interface CustomerPageData {
  csrfToken: string;
  now: Date;
  customer: Customer;
  subscriptions: Subscription[];
  licenses: LicenseRecord[];
  usage: CustomerUsage;
  errors?: FormErrors;
  values?: Record<string, string>;
  notice?: string;
  error?: string;
}

/** One customer: usage against entitlement, subscriptions, licenses. */
export function customerPage(data: CustomerPageData): string {
  const { customer, usage } = data;
  const errors = data.errors ?? {};
  const values = data.values ?? {};
  const clusters = usage.clusters.map(
    (c) =>
      html`<tr><td class="mono">${c.clusterId}</td><td class="mono">${c.licenseId ?? ''}</td><td class="num">${c.nodes}</td><td>${minute(c.observedAt)}</td></tr>`,
  );
  return page(
    {
      title: customer.name,
      section: 'customers',
      csrfToken: data.csrfToken,
      ...(data.notice ? { notice: data.notice } : {}),
      ...(data.error ? { error: data.error } : {}),
    },
    html`<h1>${customer.name}</h1>
<p class="muted">${customer.email ?? 'No contact email'} · <span class="mono">${customer.id}</span></p>

<section class="card" aria-label="Usage">
  <h2>Usage</h2>
  <div class="meter">
    <div><strong data-testid="total-nodes">${usage.totalNodes}</strong>nodes in use</div>
    <div><strong data-testid="entitled-nodes">${usage.entitledNodes}</strong>nodes licensed</div>
    <div><strong>${usage.clusters.length}</strong>clusters reporting</div>
  </div>
  <table>
    <thead><tr><th>Cluster</th><th>License</th><th class="num">Nodes</th><th>Last report</th></tr></thead>
    <tbody>${clusters.length > 0 ? clusters : html`<tr><td colspan="4" class="muted">No activated cluster has reported yet.</td></tr>`}</tbody>
  </table>
</section>

<h2>Subscriptions</h2>
${subscriptionsTable(data.subscriptions, { csrfToken: data.csrfToken })}
<section class="card">
  <h2>New subscription</h2>
  <form class="stack" method="post" action="/admin/customers/${customer.id}/subscriptions" aria-label="New subscription">
    ${csrfField(data.csrfToken)}
    ${field({ label: 'Plan', name: 'plan', value: values['plan'] ?? 'standard', errors, required: true })}
    ${field({ label: 'Nodes', name: 'nodes', type: 'number', value: values['nodes'] ?? '', errors, required: true, min: 1 })}
    ${field({ label: 'Term (days)', name: 'termDays', type: 'number', value: values['termDays'] ?? '365', errors, min: 1 })}
    ${field({ label: 'Grace days', name: 'graceDays', type: 'number', value: values['graceDays'] ?? '14', errors, min: 0 })}
    ${field({ label: 'Starts on', name: 'startsOn', type: 'date', value: values['startsOn'] ?? '', errors })}
    ${field({ label: 'Features (comma-separated)', name: 'features', value: values['features'] ?? '', errors, placeholder: 'console, support' })}
    <button type="submit">Create subscription</button>
  </form>
</section>

<h2>Licenses</h2>
${licensesTable(data.licenses, { csrfToken: data.csrfToken, now: data.now })}`,
  );
}
