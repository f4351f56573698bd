import type { Customer, LicenseRecord, Subscription } from '../../store/model';
import { html, type SafeHtml } from '../html';
import { csrfField, day } from '../layout';

/** Where a license stands now, as a word for a badge. */
export function licenseState(license: LicenseRecord, now: Date): 'revoked' | 'expired' | 'pending' | 'valid' {
  if (license.revokedAt) return 'revoked';
  if (Date.parse(license.expiresAt) <= now.getTime()) return 'expired';
  if (Date.parse(license.notBefore) > now.getTime()) return 'pending';
  return 'valid';
}

/** Subscriptions with their actions: issue a license, change the status. */
export function subscriptionsTable(subscriptions: Subscription[], options: { csrfToken: string; customers?: Map<string, Customer> }): SafeHtml {
  const rows = subscriptions.map(
    (s) => html`<tr data-subscription="${s.id}">
  <td class="mono">${s.id}</td>
  ${options.customers ? html`<td><a href="/admin/customers/${s.customerId}">${options.customers.get(s.customerId)?.name ?? s.customerId}</a></td>` : ''}
  <td>${s.plan}</td>
  <td class="num">${s.nodes}</td>
  <td>${day(s.startsAt)} – ${day(s.endsAt)}</td>
  <td class="num">${s.graceDays}</td>
  <td class="wrap">${s.features.join(', ')}</td>
  <td><span class="badge ${s.status}">${s.status}</span></td>
  <td>
    ${
      s.status === 'active'
        ? html`<form class="inline" method="post" action="/admin/subscriptions/${s.id}/licenses">${csrfField(options.csrfToken)}<button type="submit">Issue license</button></form>`
        : ''
    }
    <form class="inline" method="post" action="/admin/subscriptions/${s.id}/status">
      ${csrfField(options.csrfToken)}
      <select name="status" aria-label="Status of ${s.id}">
        ${(['active', 'suspended', 'cancelled'] as const).map((st) => html`<option value="${st}" ${st === s.status ? html`selected` : ''}>${st}</option>`)}
      </select>
      <button class="secondary" type="submit">Set</button>
    </form>
  </td>
</tr>`,
  );
  return html`<table>
  <thead><tr><th>Id</th>${options.customers ? html`<th>Customer</th>` : ''}<th>Plan</th><th class="num">Nodes</th><th>Term</th><th class="num">Grace days</th><th>Features</th><th>Status</th><th>Actions</th></tr></thead>
  <tbody>${rows.length > 0 ? rows : html`<tr><td colspan="9" class="muted">No subscriptions.</td></tr>`}</tbody>
</table>`;
}

/** Licenses with their actions: download, revoke with a reason. */
export function licensesTable(licenses: LicenseRecord[], options: { csrfToken: string; now: Date; customers?: Map<string, Customer> }): SafeHtml {
  const rows = licenses.map((l) => {
    const state = licenseState(l, options.now);
    return html`<tr data-license="${l.id}">
  <td class="mono">${l.id}</td>
  ${options.customers ? html`<td><a href="/admin/customers/${l.customerId}">${options.customers.get(l.customerId)?.name ?? l.customerId}</a></td>` : ''}
  <td>${l.plan}</td>
  <td class="num">${l.nodes}</td>
  <td>${day(l.notBefore)} – ${day(l.expiresAt)} <span class="muted">+${l.graceDays}d</span></td>
  <td><span class="badge ${state}" data-state="${state}">${state}</span>${l.revokeReason ? html` <span class="muted">${l.revokeReason}</span>` : ''}</td>
  <td>
    <a href="/admin/licenses/${l.id}/download" download>Download</a>
    ${
      l.revokedAt
        ? ''
        : html`<form class="inline" method="post" action="/admin/licenses/${l.id}/revoke">
      ${csrfField(options.csrfToken)}
      <input name="reason" placeholder="Reason" aria-label="Reason to revoke ${l.id}" required maxlength="500">
      <button class="danger" type="submit">Revoke</button>
    </form>`
    }
  </td>
</tr>`;
  });
  return html`<table>
  <thead><tr><th>Id</th>${options.customers ? html`<th>Customer</th>` : ''}<th>Plan</th><th class="num">Nodes</th><th>Valid</th><th>State</th><th>Actions</th></tr></thead>
  <tbody>${rows.length > 0 ? rows : html`<tr><td colspan="7" class="muted">No licenses.</td></tr>`}</tbody>
</table>`;
}
