import { useEffect, useRef, useState } from '../lib/hooks.mjs';
import uPlot from '../lib/uPlot.mjs';
import { api, can, enc } from '../api.js';
import { Badge, duration, ErrorBox, html, Link, Loading, num, useInterval, When } from '../ui.js';

const active = (s) => s === 'queued' || s === 'running';

// Records per second between the samples this page took, as a line.
function Throughput({ samples }) {
  const el = useRef(null);
  const plot = useRef(null);
  const data = [[], [], []];
  for (let k = 1; k < samples.length; k++) {
    const a = samples[k - 1];
    const b = samples[k];
    const dt = (b.t - a.t) / 1000;
    if (dt <= 0) continue;
    data[0].push(b.t / 1000);
    data[1].push(Math.max(0, (b.read - a.read) / dt));
    data[2].push(Math.max(0, (b.written - a.written) / dt));
  }
  useEffect(() => {
    const width = Math.min(el.current.clientWidth || 800, 1100);
    plot.current = new uPlot(
      {
        width,
        height: 220,
        scales: { x: { time: true } },
        axes: [{}, { label: 'records/s', size: 70 }],
        series: [{}, { label: 'read/s', stroke: '#3b82f6', width: 2 }, { label: 'written/s', stroke: '#16a34a', width: 2 }],
      },
      [[], [], []],
      el.current,
    );
    return () => plot.current.destroy();
  }, []);
  useEffect(() => {
    if (plot.current) plot.current.setData(data);
  });
  return html`<div ref=${el} class="sb-chart" data-testid="throughput"></div>`;
}

export function Job({ org, int, job }) {
  const path = `/v1/organizations/${enc(org)}/integrations/${enc(int)}/jobs/${enc(job)}`;
  const [state, setState] = useState({ job: null, error: null, samples: [] });
  const [cancelError, setCancelError] = useState(null);
  const poll = async () => {
    try {
      const j = await api(path);
      setState((s) => {
        const p = j.progress || {};
        const sample = { t: Date.now(), read: p.records_read || 0, written: p.records_written || 0 };
        const samples = active(j.status) || s.samples.length < 2 ? [...s.samples, sample].slice(-600) : s.samples;
        return { job: j, error: null, samples };
      });
    } catch (error) {
      setState((s) => ({ ...s, error }));
    }
  };
  useEffect(() => {
    setState({ job: null, error: null, samples: [] });
    poll();
  }, [path]);
  const j = state.job;
  // Polled every second while the job runs, then no more.
  useInterval(poll, j && !active(j.status) ? 0 : 1000);
  if (!j) return html`<${Loading} res=${{ error: state.error, loading: true }} />`;
  const p = j.progress || {};
  const percent = p.percent != null ? p.percent : j.status === 'succeeded' ? 100 : null;
  const cancel = async () => {
    setCancelError(null);
    try {
      await api(`${path}/cancel`, { method: 'POST' });
      poll();
    } catch (e) {
      setCancelError(e);
    }
  };
  const started = j.started_at ? Date.parse(j.started_at) : null;
  const ended = j.finished_at ? Date.parse(j.finished_at) : Date.now();
  return html`<section data-job-status=${j.status}>
    <nav aria-label="breadcrumb"><ul><li><a href="#/">Merchants</a></li>
      <li><${Link} to=${`/orgs/${enc(org)}/integrations/${enc(int)}`}>Integration</${Link}></li><li>Job ${j.id}</li></ul></nav>
    <hgroup><h2>${j.data_type} sync <${Badge} value=${j.status} /></h2>
      <p>trigger ${j.trigger} · attempt ${j.attempts} · created <${When} at=${j.created_at} />
        ${j.cancel_requested && ' · cancel requested'}</p></hgroup>
    <${ErrorBox} error=${state.error} />
    <progress value=${percent != null ? percent : undefined} max="100" data-testid="job-progress"></progress>
    <div class="grid sb-cards">
      <article><small>Progress</small><br /><strong data-testid="job-percent">${percent != null ? `${Math.round(percent)} %` : active(j.status) ? 'estimating…' : '–'}</strong>
        ${p.total != null && html`<br /><small>${num(p.records_read)} of ${num(p.total)}</small>`}</article>
      <article><small>Records read / written</small><br /><strong>${num(p.records_read)} / ${num(p.records_written)}</strong>
        <br /><small>${num(p.pages)} pages</small></article>
      <article><small>Rate</small><br /><strong>${p.records_per_second != null ? `${num(p.records_per_second)} records/s` : '–'}</strong></article>
      <article><small>${active(j.status) ? 'Time left' : 'Duration'}</small><br /><strong>${active(j.status)
        ? (p.eta_seconds != null ? duration(p.eta_seconds) : 'estimating…')
        : started ? duration((ended - started) / 1000) : '–'}</strong></article>
    </div>
    ${j.last_error && html`<article class="sb-error"><strong>Last error</strong><pre>${j.last_error}</pre></article>`}
    ${active(j.status) && can('integrations:write') && !j.cancel_requested &&
      html`<button class="secondary outline" onClick=${cancel}>Cancel the job</button>`}
    <${ErrorBox} error=${cancelError} />
    <h4>Throughput <small class="sb-muted">(sampled by this page every second)</small></h4>
    <${Throughput} samples=${state.samples} />
    <p><small>Started <${When} at=${j.started_at} /> · finished <${When} at=${j.finished_at} /> · updated <${When} at=${j.updated_at} /></small></p>
  </section>`;
}
