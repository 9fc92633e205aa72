import { useState } from '../lib/hooks.mjs';
import { enc, items, query } from '../api.js';
import { Badge, html, Link, Loading, useApi, When } from '../ui.js';

// The merchant's change feed, paged with `after` (the feed takes no cursor).
export function Changes({ org, query: q }) {
  const [afters, setAfters] = useState([Number(q.get('after') || 0)]);
  const [type, setType] = useState('');
  const after = afters[afters.length - 1];
  const res = useApi(`/v1/organizations/${enc(org)}/changes${query({ after, limit: 50 })}`);
  const list = items(res.data).filter((c) => !type || c.type === type);
  const more = res.data && res.data._links && res.data._links.next;
  return html`<section>
    <nav aria-label="breadcrumb"><ul><li><a href="#/">Merchants</a></li><li>Change feed</li></ul></nav>
    <hgroup><h2>Change feed</h2><p>The merchant's record changes in commit order, from seq ${after}.</p></hgroup>
    <div class="sb-filters">
      <select aria-label="Type" value=${type} onChange=${(e) => setType(e.target.value)}>
        <option value="">Every type</option>
        ${['COMMERCE_ORDER', 'COMMERCE_CUSTOMER', 'COMMERCE_PRODUCT', 'COMMERCE_STOCK', 'COMMERCE_LOCATION', 'COMMERCE_SHOP',
          'COMMERCE_CART', 'COMMERCE_SHIPPING_SERVICE'].map((t) => html`<option value=${t}>${t}</option>`)}
      </select>
    </div>
    <${Loading} res=${res} />
    ${res.data && list.length === 0 && html`<p class="sb-muted">No change after ${after}.</p>`}
    ${list.length > 0 && html`<table class="sb-table"><thead><tr><th>Seq</th><th>Operation</th><th>Type</th><th>Record</th><th>Changed</th></tr></thead>
      <tbody>${list.map((c) => html`<tr><td>${c.seq}</td><td><${Badge} value=${c.operation} /></td><td>${c.type}</td>
        <td><${Link} to=${`/orgs/${enc(org)}/integrations/${enc(c.integration_id)}/records/${enc(c.type)}/${enc(c.id)}`}>${c.id}</${Link}></td>
        <td><${When} at=${c.updated_at} /></td></tr>`)}</tbody></table>`}
    <nav class="sb-pager">
      <button class="secondary outline" disabled=${afters.length < 2} onClick=${() => { setAfters(afters.slice(0, -1)); scrollTo(0, 0); }}>← Previous</button>
      <button class="secondary outline" disabled=${!more} onClick=${() => { setAfters([...afters, res.data.next_after]); scrollTo(0, 0); }} data-testid="next-page">Next →</button>
    </nav>
  </section>`;
}
