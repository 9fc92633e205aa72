import { useEffect, useState } from '../lib/hooks.mjs';
import { can, enc, query } from '../api.js';
import { html, Json, Link, Loading, num, Pager, usePagedList, When } from '../ui.js';

function money(m) {
  return m ? `${m.value} ${m.currency || ''}` : '–';
}

function Items({ customer, order }) {
  const list = usePagedList(`/erc/ecommerce/customers/${enc(customer)}/orders/${enc(order.id)}/items?limit=20`);
  return html`<article data-testid="order-items"><header><strong>Order ${order.name || order.id}</strong> · ${order.status || ''}
      ${order.financial_status && ` · ${order.financial_status}`} · ${money(order.total)}</header>
    <${Loading} res=${list} />
    ${list.items.length > 0 && html`<table class="sb-table"><thead><tr><th>Item</th><th>SKU</th><th>Qty</th><th>Price</th>
      <th>To deliver</th><th>Deliveries</th></tr></thead>
      <tbody>${list.items.map((it) => html`<tr><td>${it.name}${it.description && html`<br /><small>${it.description}</small>`}</td>
        <td>${it.sku}</td><td class="sb-num">${it.quantity}</td><td>${money(it.price)}</td><td class="sb-num">${it.deliverable_quantity}</td>
        <td>${(it.deliveries || []).map((d) => html`<div><small>${[d.latest_status_info && d.latest_status_info.status,
          d.tracking_info && d.tracking_info.tracking_number].filter(Boolean).join(' · ')}</small></div>`)}</td></tr>`)}</tbody></table>`}
    <${Pager} list=${list} /></article>`;
}

function Orders({ customer }) {
  const list = usePagedList(`/erc/ecommerce/customers/${enc(customer.id)}/orders?limit=20`);
  const [open, setOpen] = useState(null);
  return html`<article><header><strong>${customer.name || `${customer.first_name || ''} ${customer.last_name || ''}`}</strong>
      · ${customer.email || ''} ${customer.phone || ''}</header>
    <${Loading} res=${list} />
    ${list.data && list.items.length === 0 && html`<p class="sb-muted">No order.</p>`}
    ${list.items.length > 0 && html`<table class="sb-table"><thead><tr><th>Order</th><th>Status</th><th>Total</th><th>Items</th><th>Created</th></tr></thead>
      <tbody>${list.items.map((o) => html`<tr><td><a href="#/customers" onClick=${(e) => { e.preventDefault(); setOpen(o); }}
        data-order=${o.id}>${o.name || o.id}</a></td><td>${o.status} ${o.fulfillment_status || ''}</td><td>${money(o.total)}</td>
        <td class="sb-num">${num(o.items_count)}</td><td><${When} at=${o.created_at} /></td></tr>`)}</tbody></table>`}
    <${Pager} list=${list} />
    ${open && html`<${Items} key=${open.id} customer=${customer.id} order=${open} />`}
  </article>`;
}

// Seed 004: a customer by email, phone or name, their orders, an order's items.
export function Customers({ query: q }) {
  const by = q.get('by') || 'email';
  const value = q.get('q') || '';
  const list = usePagedList(value ? `/erc/ecommerce/customers${query({ [by]: value, limit: 20 })}` : null);
  const [chosen, setChosen] = useState(null);
  // What is typed, kept across renders: a re-render of a box bound to the query alone (the
  // session's refresh, a list loading) would put the last query back over what is typed.
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const search = (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    setChosen(null);
    location.hash = `/customers?${new URLSearchParams({ by: f.get('by'), q: String(f.get('q')).trim() })}`;
  };
  return html`<section>
    <hgroup><h2>Customer search</h2><p>Find a customer across every store, then their orders and an order's items.</p></hgroup>
    <form class="sb-inline" onSubmit=${search}>
      <select name="by" aria-label="Search by">${['email', 'phone', 'name'].map((b) => html`<option value=${b} selected=${b === by}>${b}</option>`)}</select>
      <input name="q" type="search" value=${text} onInput=${(e) => setText(e.target.value)} placeholder="ada@example.com, +44…, or a name prefix" required aria-label="Customer" />
      <button type="submit">Search</button>
    </form>
    ${value && html`<${Loading} res=${list} />`}
    ${value && list.data && list.items.length === 0 && html`<p>No customer with ${by} ${value}.</p>`}
    ${list.items.length > 0 && html`<table class="sb-table"><thead><tr><th>Customer</th><th>Email</th><th>Phone</th><th>Store</th><th>Updated</th></tr></thead>
      <tbody>${list.items.map((c) => html`<tr><td><a href="#/customers" onClick=${(e) => { e.preventDefault(); setChosen(c); }}
        data-customer=${c.id}>${c.name || `${c.first_name || ''} ${c.last_name || ''}`}</a></td><td>${c.email}</td><td>${c.phone}</td>
        <td><small>${c.custom_fields && c.custom_fields.data_connection_id}</small></td><td><${When} at=${c.updated_at} /></td></tr>`)}</tbody></table>`}
    <${Pager} list=${list} />
    ${chosen && (can('erc-ecommerce-connections-orders:read') ? html`<${Orders} key=${chosen.id} customer=${chosen} />`
      : html`<${Json} value=${chosen} />`)}
  </section>`;
}
