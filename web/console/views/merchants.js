import { useState } from '../lib/hooks.mjs';
import { can, enc } from '../api.js';
import { Badge, BudgetGauge, html, Link, Loading, num, Pager, usePagedList, When } from '../ui.js';

export function storeOf(i) {
  const c = i.credentials || {};
  const s = i.settings || {};
  return c.shop_domain || s.shop_domain || c.store_hash || s.store_hash || c.store_url || s.store_url || '';
}

// The integration's last sync and whether its last jobs failed, from data_types.
function syncSummary(i) {
  const types = i.data_types || [];
  const last = types.map((t) => t.last_synced_at).filter(Boolean).sort().pop() || null;
  const failed = types.filter((t) => t.last_job && t.last_job.status === 'failed').map((t) => t.data_type);
  const running = types.some((t) => t.last_job && (t.last_job.status === 'running' || t.last_job.status === 'queued'));
  const records = types.reduce((n, t) => n + (t.records || 0), 0);
  return { last, failed, running, records, known: types.length > 0 };
}

function IntegrationRows({ org, filter }) {
  const list = usePagedList(`/v1/organizations/${enc(org.id)}/integrations?limit=50`, { refreshMs: 5000 });
  const shown = list.items.filter((i) => {
    if (filter.status && i.status !== filter.status) return false;
    const text = `${org.name} ${i.name} ${i.connector_id} ${storeOf(i)} ${i.id}`.toLowerCase();
    return !filter.text || text.includes(filter.text.toLowerCase());
  });
  if (list.error || (list.loading && !list.data)) {
    return html`<tr><td colspan="8"><${Loading} res=${list} /></td></tr>`;
  }
  if (list.items.length === 0) {
    return html`<tr><td>${org.name}</td><td colspan="7" class="sb-muted">no integrations</td></tr>`;
  }
  return html`${shown.map((i) => {
    const s = syncSummary(i);
    return html`<tr data-integration=${i.id}>
      <td>${org.name}<br /><small class="sb-muted">${org.external_id || org.id}</small></td>
      <td><${Link} to=${`/orgs/${enc(org.id)}/integrations/${enc(i.id)}`}>${i.name}</${Link}><br />
        <small class="sb-muted">${storeOf(i)}</small></td>
      <td>${i.connector_id}</td>
      <td><${Badge} value=${i.status} /></td>
      <td>${s.known ? html`<${When} at=${s.last} />` : html`<${When} at=${i.order_sync_updated_at} />`}
        ${s.running && html` <${Badge} value="running" />`}</td>
      <td class="sb-num">${s.known ? num(s.records) : '–'}</td>
      <td>${s.failed.length > 0 ? html`<span class="sb-bad-text" title=${s.failed.join(', ')}>⚠ ${s.failed.length} failed</span>`
        : i.status === 'ERROR' || i.status === 'REVOKED' ? html`<span class="sb-bad-text">⚠ ${i.status.toLowerCase()}</span>` : html`<span class="sb-muted">none</span>`}</td>
      <td><${BudgetGauge} budget=${i.api_budget} /></td>
    </tr>`;
  })}
  ${(list.next || list.previous) && html`<tr><td colspan="8"><${Pager} list=${list} /></td></tr>`}`;
}

export function Merchants() {
  const list = usePagedList('/v1/organizations?limit=20');
  const [filter, setFilter] = useState({ text: '', status: '' });
  return html`<section>
    <hgroup><h2>Merchants and their integrations</h2>
      <p>Every store the hub syncs, by merchant. Refreshes every 5 s.</p></hgroup>
    <div class="sb-filters">
      <input type="search" placeholder="Search merchant, store, platform, id" value=${filter.text}
        onInput=${(e) => setFilter({ ...filter, text: e.target.value })} aria-label="Search" />
      <select aria-label="Status" value=${filter.status} onChange=${(e) => setFilter({ ...filter, status: e.target.value })}>
        <option value="">Any status</option>
        ${['CONNECTED', 'PENDING', 'ERROR', 'REVOKED'].map((s) => html`<option value=${s}>${s}</option>`)}
      </select>
    </div>
    <${Loading} res=${list} />
    ${list.data && list.items.length === 0 && html`<p>No merchant yet: create one with <code>POST /v1/organizations</code>
      (see the <a href="/docs">API reference</a>).</p>`}
    ${list.items.length > 0 && html`<div class="overflow-auto"><table class="striped sb-table">
      <thead><tr><th>Merchant</th><th>Integration / store</th><th>Platform</th><th>Status</th><th>Last sync</th>
        <th>Records</th><th>Errors</th><th>API budget</th></tr></thead>
      <tbody>${can('integrations:read') && list.items.map((o) => html`<${IntegrationRows} key=${o.id} org=${o} filter=${filter} />`)}</tbody>
    </table></div>`}
    <${Pager} list=${list} />
  </section>`;
}
