import { useState } from '../lib/hooks.mjs';
import { api, can, enc } from '../api.js';
import { Badge, BudgetGauge, ErrorBox, html, Json, Link, Loading, num, Pager, useApi, usePagedList, When } from '../ui.js';
import { storeOf } from './merchants.js';

// The four syncs the API starts (seed 002), by data type.
const syncPaths = {
  COMMERCE_ORDER: 'orders',
  COMMERCE_PRODUCT: 'products',
  COMMERCE_SHIPPING_SERVICE: 'shipping-services',
  COMMERCE_STOCK: 'product-stocks',
};

function DataTypes({ base, integration, onStarted }) {
  const [error, setError] = useState(null);
  const start = async (type) => {
    setError(null);
    try {
      const job = await api(`${base}/sync/${syncPaths[type]}`, { method: 'POST' });
      onStarted(job);
    } catch (e) {
      setError(e);
    }
  };
  const types = integration.data_types;
  if (!types) return html`<p class="sb-muted">This hub does not report per-type sync state.</p>`;
  return html`<${ErrorBox} error=${error} />
    <table class="sb-table"><thead><tr><th>Data type</th><th>Records</th><th>Last synced</th><th>Last job</th><th></th></tr></thead>
    <tbody>${types.map((t) => html`<tr data-type=${t.data_type}>
      <td>${t.data_type}</td><td class="sb-num">${num(t.records)}</td><td><${When} at=${t.last_synced_at} /></td>
      <td>${t.last_job ? html`<${Link} to=${`${base.replace('/v1/organizations', '/orgs')}/jobs/${enc(t.last_job.id)}`}><${Badge} value=${t.last_job.status} /></${Link}>`
        : html`<span class="sb-muted">never run</span>`}</td>
      <td>${can('integrations:write') && syncPaths[t.data_type] &&
        html`<button class="outline sb-small" onClick=${() => start(t.data_type)}>Sync now</button>`}</td>
    </tr>`)}</tbody></table>`;
}

function Jobs({ base, route }) {
  const list = usePagedList(`${base}/jobs?limit=10&order_by=created_at:desc`, { refreshMs: 3000 });
  return html`<${Loading} res=${list} />
    ${list.data && list.items.length === 0 && html`<p class="sb-muted">No job yet.</p>`}
    ${list.items.length > 0 && html`<table class="sb-table"><thead><tr><th>Job</th><th>Data type</th><th>Trigger</th><th>Status</th>
      <th>Progress</th><th>Created</th><th>Error</th></tr></thead>
      <tbody>${list.items.map((j) => html`<tr>
        <td><${Link} to=${`${route}/jobs/${enc(j.id)}`}>${j.id}</${Link}></td><td>${j.data_type}</td><td>${j.trigger}</td>
        <td><${Badge} value=${j.status} /></td>
        <td>${j.progress && html`${num(j.progress.records_written)} written${j.progress.percent != null ? ` · ${Math.round(j.progress.percent)} %` : ''}`}</td>
        <td><${When} at=${j.created_at} /></td><td class="sb-bad-text">${j.last_error || ''}</td></tr>`)}</tbody></table>`}
    <${Pager} list=${list} />`;
}

function fieldInput(name, schema, required) {
  const label = html`${name}${required ? ' *' : ''}${schema.description ? html` <small class="sb-muted">${schema.description}</small>` : ''}`;
  if (schema.enum) {
    return html`<label>${label}<select name=${name} required=${required}>
      ${!required && html`<option value="">–</option>`}${schema.enum.map((v) => html`<option value=${v}>${v}</option>`)}</select></label>`;
  }
  if (schema.type === 'boolean') {
    return html`<label><input type="checkbox" name=${name} role="switch" /> ${label}</label>`;
  }
  if (schema.type === 'object' || schema.type === 'array') {
    return html`<label>${label} (JSON)<textarea name=${name} rows="3" required=${required} data-json="1"></textarea></label>`;
  }
  const type = schema.type === 'integer' || schema.type === 'number' ? 'number' : 'text';
  return html`<label>${label}<input name=${name} type=${type} step=${schema.type === 'number' ? 'any' : undefined} required=${required} /></label>`;
}

// The input of an action from its JSON Schema (properties of simple types; objects as JSON).
function readInput(form, schema) {
  const input = {};
  for (const [name, s] of Object.entries(schema.properties || {})) {
    const el = form.elements[name];
    if (!el) continue;
    if (s.type === 'boolean') {
      if (el.checked) input[name] = true;
      continue;
    }
    if (el.value === '') continue;
    if (s.type === 'integer') input[name] = parseInt(el.value, 10);
    else if (s.type === 'number') input[name] = Number(el.value);
    else if (s.type === 'object' || s.type === 'array') input[name] = JSON.parse(el.value);
    else input[name] = el.value;
  }
  return input;
}

function Actions({ base, connectorId }) {
  const connector = useApi(`/v1/connectors/${enc(connectorId)}`);
  const [chosen, setChosen] = useState('');
  const [outcome, setOutcome] = useState(null);
  const [busy, setBusy] = useState(false);
  if (!connector.data) return html`<${Loading} res=${connector} />`;
  const actions = connector.data.actions || [];
  if (actions.length === 0) return html`<p class="sb-muted">This connector has no actions.</p>`;
  const action = actions.find((a) => a.id === chosen) || actions[0];
  const schema = action.input_schema || {};
  const required = new Set(schema.required || []);
  const run = async (e) => {
    e.preventDefault();
    setBusy(true);
    setOutcome(null);
    try {
      const input = readInput(e.target, schema);
      const result = await api(`${base}/actions/${enc(action.id)}`, { method: 'POST', body: input });
      setOutcome({ result });
    } catch (err) {
      setOutcome({ error: err instanceof SyntaxError ? { message: err.message, code: 'invalid_json' } : err });
    }
    setBusy(false);
  };
  return html`<form onSubmit=${run} data-testid="action-form" key=${action.id}>
      <label>Action <select name="__action" value=${action.id} onChange=${(e) => { setChosen(e.target.value); setOutcome(null); }}>
        ${actions.map((a) => html`<option value=${a.id}>${a.name || a.id}</option>`)}</select></label>
      ${action.description && html`<p><small>${action.description}</small></p>`}
      ${Object.entries(schema.properties || {}).map(([name, s]) => fieldInput(name, s, required.has(name)))}
      ${can('integrations:write') ? html`<button type="submit" aria-busy=${busy} disabled=${busy}>Run ${action.name || action.id}</button>`
        : html`<p class="sb-muted">Running actions needs the scope integrations:write.</p>`}
    </form>
    ${outcome && outcome.error && html`<${ErrorBox} error=${outcome.error} />`}
    ${outcome && outcome.result && html`<article data-testid="action-result"><header><${Badge} value=${outcome.result.status || 'succeeded'} /> ${outcome.result.action_id}</header>
      <${Json} value=${outcome.result.result !== undefined ? outcome.result.result : outcome.result} /></article>`}`;
}

const deliveryStatuses = ['pending', 'applying', 'applied', 'recorded', 'ignored', 'failed', 'rejected'];

function Deliveries({ base }) {
  const [status, setStatus] = useState('');
  const [topic, setTopic] = useState('');
  // The API filters by status and exact topic; the list pages with its cursors.
  const query = new URLSearchParams({ limit: '50', order_by: 'received_at:desc' });
  if (status) query.set('status', status);
  if (topic.trim()) query.set('topic', topic.trim());
  const list = usePagedList(`${base}/webhooks?${query}`, { refreshMs: 5000 });
  const shown = list.items;
  return html`<div class="sb-filters">
      <select aria-label="Delivery status" value=${status} onChange=${(e) => setStatus(e.target.value)}>
        <option value="">Any status</option>${deliveryStatuses.map((s) => html`<option value=${s}>${s}</option>`)}</select>
      <input type="search" placeholder="Topic, e.g. orders/updated" value=${topic} onChange=${(e) => setTopic(e.target.value)} aria-label="Topic" />
    </div>
    <${Loading} res=${list} />
    ${list.data && shown.length === 0 && html`<p class="sb-muted">No delivery${status || topic ? ' matches' : ' received yet'}.</p>`}
    ${shown.length > 0 && html`<table class="sb-table"><thead><tr><th>Received</th><th>Topic</th><th>Status</th><th>Attempts</th>
      <th>Platform id</th><th>Applied</th><th>Error</th></tr></thead>
      <tbody>${shown.map((d) => html`<tr><td><${When} at=${d.received_at} /></td><td>${d.topic}</td><td><${Badge} value=${d.status} /></td>
        <td class="sb-num">${d.attempts}</td><td><small>${d.delivery_id}</small></td><td><${When} at=${d.applied_at} /></td>
        <td class="sb-bad-text">${d.last_error || ''}</td></tr>`)}</tbody></table>`}
    <${Pager} list=${list} />`;
}

function RecordLookup({ route, types }) {
  const open = (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    location.hash = `${route}/records/${enc(f.get('type'))}/${enc(String(f.get('external_id')).trim())}`;
  };
  return html`<form class="sb-inline" onSubmit=${open}>
    <select name="type" aria-label="Record type">${types.map((t) => html`<option value=${t}>${t}</option>`)}</select>
    <input name="external_id" placeholder="Platform id" required aria-label="Platform id" />
    <button type="submit" class="outline">Open record</button></form>`;
}

export function Integration({ org, int }) {
  const base = `/v1/organizations/${enc(org)}/integrations/${enc(int)}`;
  const route = `/orgs/${enc(org)}/integrations/${enc(int)}`;
  const res = useApi(base, { refreshMs: 3000 });
  const [tab, setTab] = useState('overview');
  const i = res.data;
  if (!i) return html`<${Loading} res=${res} />`;
  const tabs = [['overview', 'Sync'], ['jobs', 'Jobs'], ['actions', 'Actions'], ['webhooks', 'Webhook deliveries'], ['settings', 'Settings']];
  return html`<section>
    <nav aria-label="breadcrumb"><ul><li><a href="#/">Merchants</a></li><li>${i.name}</li></ul></nav>
    <hgroup><h2>${i.name} <${Badge} value=${i.status} /></h2>
      <p>${i.connector_id} · ${storeOf(i)} · <code>${i.id}</code></p></hgroup>
    <div class="grid sb-cards">
      <article><small>API budget</small><br /><${BudgetGauge} budget=${i.api_budget} /></article>
      <article><small>Records</small><br /><strong>${num((i.data_types || []).reduce((n, t) => n + (t.records || 0), 0))}</strong></article>
      <article><small>Created</small><br /><${When} at=${i.created_at} /></article>
      <article><small>Elsewhere</small><br />${can('commerce:read') && html`<${Link} to=${`/orgs/${enc(org)}/changes`}>Change feed</${Link}>`}</article>
    </div>
    <${ErrorBox} error=${res.error} />
    <div role="group" class="sb-tabs">${tabs.map(([id, label]) => html`<button class=${tab === id ? '' : 'outline'}
      onClick=${() => setTab(id)} data-tab=${id}>${label}</button>`)}</div>
    ${tab === 'overview' && html`<${DataTypes} base=${base} integration=${i}
        onStarted=${(job) => { location.hash = `${route}/jobs/${enc(job.id)}`; }} />
      <h4>Find a record</h4><${RecordLookup} route=${route} types=${(i.data_types || []).map((t) => t.data_type)} />`}
    ${tab === 'jobs' && html`<${Jobs} base=${base} route=${route} />`}
    ${tab === 'actions' && html`<${Actions} base=${base} connectorId=${i.connector_id} />`}
    ${tab === 'webhooks' && html`<${Deliveries} base=${base} />`}
    ${tab === 'settings' && html`<div class="grid"><div><h4>Settings</h4><${Json} value=${i.settings} /></div>
      <div><h4>Credentials (secrets masked)</h4><${Json} value=${i.credentials} /></div></div>`}
  </section>`;
}
