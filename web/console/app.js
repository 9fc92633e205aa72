// The operator console: a single page over the public REST API (hash routes, no build step).
import { render } from './lib/preact.mjs';
import { useEffect, useState } from './lib/hooks.mjs';
import { can, currentSession, onSessionChange, signOut } from './api.js';
import { html } from './ui.js';
import { SignIn } from './views/signin.js';
import { Merchants } from './views/merchants.js';
import { Integration } from './views/integration.js';
import { Job } from './views/job.js';
import { Jobs } from './views/jobs.js';
import { Changes } from './views/changes.js';
import { Record } from './views/record.js';
import { Customers } from './views/customers.js';
import { Connectors } from './views/connectors.js';
import { WebhookEndpoints } from './views/webhook_endpoints.js';

// [pattern, view, scope needed to see it]
const routes = [
  ['/', Merchants, 'organizations:read'],
  ['/orgs/:org/integrations/:int', Integration, 'integrations:read'],
  ['/orgs/:org/integrations/:int/jobs/:job', Job, 'integrations:read'],
  ['/orgs/:org/integrations/:int/records/:type/:ext', Record, 'integrations:read'],
  ['/orgs/:org/changes', Changes, 'commerce:read'],
  ['/jobs', Jobs, 'integrations:read'],
  ['/customers', Customers, 'erc-ecommerce-connections-customers:read'],
  ['/connectors', Connectors, ''],
  ['/webhook-endpoints', WebhookEndpoints, 'webhooks:read'],
];

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, qs] = raw.split('?');
  const segs = path.split('/').filter(Boolean);
  for (const [pattern, view, scope] of routes) {
    const ps = pattern.split('/').filter(Boolean);
    if (ps.length !== segs.length) continue;
    const params = {};
    if (ps.every((p, i) => (p.startsWith(':') ? ((params[p.slice(1)] = decodeURIComponent(segs[i])), true) : p === segs[i]))) {
      return { view, scope, params, query: new URLSearchParams(qs || '') };
    }
  }
  return { view: null, params: {}, query: new URLSearchParams() };
}

const nav = [
  ['#/', 'Merchants', 'organizations:read'],
  ['#/jobs', 'Jobs', 'integrations:read'],
  ['#/customers', 'Customer search', 'erc-ecommerce-connections-customers:read'],
  ['#/connectors', 'Connectors', ''],
  ['#/webhook-endpoints', 'Webhooks out', 'webhooks:read'],
];

function App() {
  const [session, setSession] = useState(currentSession());
  const [route, setRoute] = useState(parseHash());
  useEffect(() => onSessionChange(setSession), []);
  useEffect(() => {
    const f = () => setRoute(parseHash());
    addEventListener('hashchange', f);
    return () => removeEventListener('hashchange', f);
  }, []);
  if (!session) return html`<${SignIn} />`;
  // A token that may not list merchants starts on the first view it may see.
  const start = nav.find(([, , s]) => !s || can(s));
  if (route.view === Merchants && !can('organizations:read') && start) {
    location.hash = start[0];
    return null;
  }
  const View = route.view;
  const here = location.hash || '#/';
  return html`
    <header class="sb-top">
      <nav>
        <ul><li><a href="#/" class="sb-brand"><strong>Storebridge</strong></a></li></ul>
        <ul>
          ${nav.filter(([, , s]) => !s || can(s)).map(([href, label]) => html`
            <li><a href=${href} aria-current=${here === href ? 'page' : undefined}>${label}</a></li>`)}
          <li><a href="/docs" target="_blank" rel="noopener">API reference</a></li>
          <li><details class="dropdown sb-who">
            <summary>${session.clientId}</summary>
            <ul dir="rtl">
              <li><span class="sb-scopes">${[...session.scopes].join(' ')}</span></li>
              <li><a href="#/" onClick=${signOut} data-testid="sign-out">Sign out</a></li>
            </ul>
          </details></li>
        </ul>
      </nav>
    </header>
    <main class="container-fluid sb-main">
      ${!View && html`<article><h2>Not found</h2><p>No page at ${here}. <a href="#/">Merchants</a></p></article>`}
      ${View && route.scope && !can(route.scope) &&
      html`<article><h2>Not allowed</h2><p>This token lacks the scope <code>${route.scope}</code>.</p></article>`}
      ${View && (!route.scope || can(route.scope)) && html`<${View} ...${route.params} query=${route.query} />`}
    </main>
    <footer class="container-fluid sb-foot">
      <small><a href="/console/licenses.txt">Licences</a> · <a href="/openapi.yaml">openapi.yaml</a></small>
    </footer>`;
}

render(html`<${App} />`, document.getElementById('app'));
