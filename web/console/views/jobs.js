import { enc, query } from '../api.js';
import { Badge, html, Link, Loading, num, Pager, usePagedList, When } from '../ui.js';

const statuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

// Jobs across the account (GET /v1/jobs), filtered by status and connector.
export function Jobs({ query: q }) {
  const status = q.get('status') || '';
  const connector = q.get('connector') || '';
  const list = usePagedList(`/v1/jobs${query({ status, connector, limit: 25 })}`, { refreshMs: 3000 });
  const set = (k, v) => {
    const p = new URLSearchParams(q);
    if (v) p.set(k, v);
    else p.delete(k);
    location.hash = `/jobs?${p}`;
  };
  return html`<section>
    <hgroup><h2>Jobs</h2><p>Every sync job of the account, newest first. Refreshes every 3 s.</p></hgroup>
    <div class="sb-filters">
      <div role="group">${['', ...statuses].map((s) => html`<button class=${status === s ? '' : 'outline'} onClick=${() => set('status', s)}
        data-status-filter=${s || 'any'}>${s || 'any'}</button>`)}</div>
      <input type="search" placeholder="Connector (shopify…)" value=${connector} aria-label="Connector"
        onChange=${(e) => set('connector', e.target.value.trim())} />
    </div>
    <${Loading} res=${list} />
    ${list.data && list.items.length === 0 && html`<p class="sb-muted">No job${status ? ` ${status}` : ''}.</p>`}
    ${list.items.length > 0 && html`<div class="overflow-auto"><table class="sb-table"><thead><tr><th>Job</th><th>Connector</th><th>Data type</th>
      <th>Status</th><th>Read / written</th><th>Progress</th><th>Created</th><th>Error</th></tr></thead>
      <tbody>${list.items.map((j) => html`<tr>
        <td><${Link} to=${`/orgs/${enc(j.organization_id)}/integrations/${enc(j.integration_id)}/jobs/${enc(j.id)}`}>${j.id}</${Link}></td>
        <td>${j.connector}</td><td>${j.data_type}</td><td><${Badge} value=${j.status} /></td>
        <td class="sb-num">${num(j.progress && j.progress.records_read)} / ${num(j.progress && j.progress.records_written)}</td>
        <td>${j.progress && j.progress.percent != null ? `${Math.round(j.progress.percent)} %` : j.status === 'succeeded' ? 'done' : '–'}</td>
        <td><${When} at=${j.created_at} /></td><td class="sb-bad-text">${j.last_error || ''}</td></tr>`)}</tbody></table></div>`}
    <${Pager} list=${list} />
  </section>`;
}
