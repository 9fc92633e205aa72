import { enc } from '../api.js';
import { Badge, html, Json, Link, Loading, useApi, When } from '../ui.js';

// One record: the hub's normalized JSON beside the platform's raw JSON.
export function Record({ org, int, type, ext }) {
  const res = useApi(`/v1/organizations/${enc(org)}/integrations/${enc(int)}/records/${enc(type)}/${enc(ext)}`);
  const r = res.data;
  return html`<section>
    <nav aria-label="breadcrumb"><ul><li><a href="#/">Merchants</a></li>
      <li><${Link} to=${`/orgs/${enc(org)}/integrations/${enc(int)}`}>Integration</${Link}></li><li>${type} ${ext}</li></ul></nav>
    <${Loading} res=${res} />
    ${r && html`<hgroup><h2>${r.type} ${r.external_id} ${r.deleted && html`<${Badge} value="deleted" />`}</h2>
        <p>changed on the platform <${When} at=${r.updated_at} /></p></hgroup>
      <div class="grid sb-side">
        <div><h4>Normalized</h4><${Json} value=${r.data} /></div>
        <div><h4>Raw (platform)</h4><${Json} value=${r.raw} /></div>
      </div>`}
  </section>`;
}
