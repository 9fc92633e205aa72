// Shared pieces of the console's views: htm bound to Preact, data hooks, small components.
import { h } from './lib/preact.mjs';
import { useCallback, useEffect, useRef, useState } from './lib/hooks.mjs';
import htm from './lib/htm.mjs';
import { api, items, nextPath } from './api.js';

export const html = htm.bind(h);

// GET `path` (null: nothing yet); `reload` asks again; `refreshMs` polls while mounted.
export function useApi(path, { refreshMs = 0 } = {}) {
  const [state, setState] = useState({ data: null, error: null, loading: !!path });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    if (!path) return undefined;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api(path).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error) => live && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  useEffect(() => {
    if (!path || !refreshMs) return undefined;
    const t = setInterval(reload, refreshMs);
    return () => clearInterval(t);
  }, [path, refreshMs, reload]);
  return { ...state, reload };
}

// A list that pages with the API's cursors: the first page's path, then the `next` links.
export function usePagedList(firstPath, options) {
  const [stack, setStack] = useState([]);
  useEffect(() => setStack([]), [firstPath]);
  const path = stack.length ? stack[stack.length - 1] : firstPath;
  const res = useApi(path, options);
  const next = nextPath(res.data);
  return {
    ...res,
    items: items(res.data),
    page: stack.length + 1,
    next: next ? () => { setStack((s) => [...s, next]); scrollTo(0, 0); } : null,
    previous: stack.length ? () => { setStack((s) => s.slice(0, -1)); scrollTo(0, 0); } : null,
  };
}

export function Pager({ list }) {
  if (!list.next && !list.previous) return null;
  return html`<nav class="sb-pager">
    <button class="secondary outline" disabled=${!list.previous} onClick=${list.previous}>← Previous</button>
    <span>page ${list.page}</span>
    <button class="secondary outline" disabled=${!list.next} onClick=${list.next} data-testid="next-page">Next →</button>
  </nav>`;
}

export function ErrorBox({ error }) {
  if (!error) return null;
  return html`<article class="sb-error" role="alert">
    <strong>${error.message}</strong> <code>${error.code}</code>
    ${error.description && html`<p>${error.description}</p>`}
    ${error.fields && error.fields.length > 0 &&
    html`<ul>${error.fields.map((f) => html`<li><code>${f.name}</code>: ${f.description}</li>`)}</ul>`}
  </article>`;
}

export function Loading({ res }) {
  if (res.error) return html`<${ErrorBox} error=${res.error} />`;
  if (res.loading && !res.data) return html`<p aria-busy="true">Loading…</p>`;
  return null;
}

export function Json({ value }) {
  return html`<pre class="sb-json">${JSON.stringify(value, null, 2)}</pre>`;
}

const statusKinds = {
  CONNECTED: 'ok', succeeded: 'ok', applied: 'ok', delivered: 'ok', recorded: 'ok', true: 'ok',
  PENDING: 'wait', queued: 'wait', pending: 'wait', applying: 'wait', running: 'run',
  ERROR: 'bad', REVOKED: 'bad', failed: 'bad', rejected: 'bad', false: 'bad',
  cancelled: 'off', ignored: 'off', duplicate: 'off',
  created: 'ok', updated: 'run', deleted: 'bad',
};

export function Badge({ value }) {
  const v = String(value);
  return html`<span class=${`sb-badge sb-${statusKinds[v] || 'off'}`} data-status=${v}>${v}</span>`;
}

export function ago(iso) {
  if (!iso) return 'never';
  const s = Math.round((Date.now() - Date.parse(iso)) / 1000);
  if (s < 60) return `${Math.max(s, 0)} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

export function When({ at }) {
  return at ? html`<time datetime=${at} title=${at}>${ago(at)}</time>` : html`<span class="sb-muted">never</span>`;
}

export function num(n) {
  return n === null || n === undefined ? '–' : Number(n).toLocaleString('en');
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

// The store's API budget (integration.api_budget) as a gauge of what is left.
export function BudgetGauge({ budget }) {
  if (!budget || budget.maximum === undefined) return html`<span class="sb-muted">no calls yet</span>`;
  const low = budget.maximum * 0.25;
  return html`<span class="sb-gauge" title=${`restores ${budget.restore_rate}/s`}>
    <meter min="0" max=${budget.maximum} low=${low} high=${budget.maximum * 0.5} optimum=${budget.maximum}
      value=${budget.available}></meter>
    ${num(budget.available)} / ${num(budget.maximum)}
    ${budget.throttled_count > 0 && html` · throttled ${num(budget.throttled_count)}×`}
  </span>`;
}

// Runs `fn` every `ms` while mounted.
export function useInterval(fn, ms) {
  const saved = useRef(fn);
  saved.current = fn;
  useEffect(() => {
    if (!ms) return undefined;
    const t = setInterval(() => saved.current(), ms);
    return () => clearInterval(t);
  }, [ms]);
}

export function Link({ to, children, ...rest }) {
  return html`<a href=${`#${to}`} ...${rest}>${children}</a>`;
}
