import { html, Loading, Pager, usePagedList } from '../ui.js';

function Fields({ fields }) {
  if (!fields || fields.length === 0) return html`<span class="sb-muted">none</span>`;
  return html`<ul>${fields.map((f) => html`<li><code>${f.name}</code> ${f.type}${f.required ? ', required' : ''}${f.secret ? ', secret' : ''}
    ${f.description && html` <small class="sb-muted">${f.description}</small>`}</li>`)}</ul>`;
}

// The connectors catalog (GET /v1/connectors).
export function Connectors() {
  const list = usePagedList('/v1/connectors?limit=50');
  return html`<section>
    <hgroup><h2>Connectors</h2><p>The platforms this hub knows, with their data types, actions and fields.</p></hgroup>
    <${Loading} res=${list} />
    ${list.items.map((c) => html`<details class="sb-connector" data-connector=${c.id}>
      <summary><strong>${c.name}</strong> <code>${c.id}</code> ${c.available ? '' : html`<small class="sb-muted">(not built yet)</small>`}
        <small class="sb-muted"> ${c.category || ''} ${c.auth_kind || ''}</small></summary>
      <p><strong>Data types</strong>: ${(c.data_types || []).join(', ') || '–'}</p>
      <p><strong>Actions</strong></p><ul>${(c.actions || []).map((a) => html`<li><code>${a.id}</code> ${a.description || a.name || ''}</li>`)}</ul>
      <div class="grid"><div><strong>Credentials</strong><${Fields} fields=${c.credential_fields} /></div>
        <div><strong>Settings</strong><${Fields} fields=${c.settings_fields} /></div></div>
    </details>`)}
    <${Pager} list=${list} />
  </section>`;
}
