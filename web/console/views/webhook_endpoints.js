import { useState } from '../lib/hooks.mjs';
import { enc, query } from '../api.js';
import { Badge, html, Loading, Pager, usePagedList, When } from '../ui.js';

function Deliveries({ endpoint }) {
  const [status, setStatus] = useState('');
  const list = usePagedList(`/v1/webhook-endpoints/${enc(endpoint.id)}/deliveries${query({ status, limit: 25 })}`, { refreshMs: 5000 });
  return html`<article><header><strong>Deliveries to ${endpoint.url}</strong></header>
    <select aria-label="Delivery status" value=${status} onChange=${(e) => setStatus(e.target.value)}>
      <option value="">Any status</option>${['pending', 'delivered', 'failed'].map((s) => html`<option value=${s}>${s}</option>`)}</select>
    <${Loading} res=${list} />
    ${list.data && list.items.length === 0 && html`<p class="sb-muted">No delivery.</p>`}
    ${list.items.length > 0 && html`<table class="sb-table"><thead><tr><th>Created</th><th>Event</th><th>Seq</th><th>Status</th>
      <th>Attempts</th><th>Response</th><th>Next attempt</th><th>Error</th></tr></thead>
      <tbody>${list.items.map((d) => html`<tr><td><${When} at=${d.created_at} /></td><td>${d.event_type}</td><td>${d.seq}</td>
        <td><${Badge} value=${d.status} /></td><td>${d.attempts}</td><td>${d.response_status || '–'}</td>
        <td>${d.next_attempt_at ? html`<${When} at=${d.next_attempt_at} />` : '–'}</td><td class="sb-bad-text">${d.last_error || ''}</td></tr>`)}</tbody></table>`}
    <${Pager} list=${list} /></article>`;
}

// The account's outgoing webhook endpoints (/v1/webhook-endpoints) and their delivery logs.
export function WebhookEndpoints() {
  const list = usePagedList('/v1/webhook-endpoints?limit=25', { refreshMs: 10000 });
  const [open, setOpen] = useState(null);
  return html`<section>
    <hgroup><h2>Webhooks out</h2><p>Where the hub sends the account's events, and how each delivery went.</p></hgroup>
    <${Loading} res=${list} />
    ${list.data && list.items.length === 0 && html`<p>No endpoint: add one with <code>POST /v1/webhook-endpoints</code>.</p>`}
    ${list.items.length > 0 && html`<table class="sb-table"><thead><tr><th>URL</th><th>Events</th><th>Enabled</th><th>Last success</th><th></th></tr></thead>
      <tbody>${list.items.map((e) => html`<tr><td>${e.url}${e.description && html`<br /><small>${e.description}</small>`}</td>
        <td><small>${(e.event_types || []).join(', ')}</small></td>
        <td><${Badge} value=${e.enabled} />${e.disabled_reason && html`<br /><small class="sb-bad-text">${e.disabled_reason}</small>`}</td>
        <td><${When} at=${e.last_success_at} /></td>
        <td><button class="outline sb-small" onClick=${() => setOpen(e)}>Deliveries</button></td></tr>`)}</tbody></table>`}
    <${Pager} list=${list} />
    ${open && html`<${Deliveries} key=${open.id} endpoint=${open} />`}
  </section>`;
}
