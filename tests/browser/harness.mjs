// What the browser tests share: the real storebridge binary (hub and store emulator) as child
// processes on free loopback ports, Debian's Chromium driven by playwright-core, a guard that
// fails any request leaving 127.0.0.1, and a record of console errors.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const source = new URL('../..', import.meta.url).pathname;
const { chromium } = require(join(source, 'tests/js/node_modules/playwright-core'));

export const binary = process.env.STOREBRIDGE_BINARY || join(source, 'build/storebridge');
export const screenshots = process.env.STOREBRIDGE_SCREENSHOTS || join(source, 'build/screenshots');
const chromiumPath = process.env.STOREBRIDGE_CHROMIUM || '/usr/bin/chromium';

// Runs `args` of the binary; resolves once `ready(stdout, stderr)` returns a value.
function start(args, ready, { env = {}, timeoutMs = 30000 } = {}) {
  const child = spawn(binary, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not start:\n${out}\n${err.slice(-4000)}`));
    }, timeoutMs);
    const check = () => {
      const v = ready(out, err);
      if (v !== undefined && v !== null) {
        clearTimeout(timer);
        resolve({ child, value: v, logs: () => err });
      }
    };
    child.stdout.on('data', (d) => { out += d; check(); });
    child.stderr.on('data', (d) => { err += d; check(); });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited ${code}:\n${out}\n${err.slice(-4000)}`));
    });
  });
}

function firstJsonLine(text) {
  const nl = text.indexOf('\n');
  if (nl < 0) return null;
  try {
    return JSON.parse(text.slice(0, nl));
  } catch {
    return null;
  }
}

// An emulated Shopify store and a hub that sends Shopify calls to it.
export async function startStack({ orders = 1500 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'storebridge-browser-'));
  const stopping = [];
  const stack = { dir, stop: async () => {
    for (const c of stopping.reverse()) {
      c.removeAllListeners('exit');
      c.kill('SIGTERM');
      await new Promise((r) => { c.once('exit', r); setTimeout(() => { c.kill('SIGKILL'); r(); }, 5000); });
    }
    rmSync(dir, { recursive: true, force: true });
  } };
  try {
    const shop = await start(['emulate', 'shopify', '--listen', '127.0.0.1:0', '--shop-domain', 'acme.myshopify.com',
      '--api-key', 'app-key', '--api-secret', 'app-secret', '--orders', String(orders)],
    (out) => { const j = firstJsonLine(out); return j && j.port ? j : undefined; });
    stopping.push(shop.child);
    shop.child.removeAllListeners('exit');
    stack.shopify = `http://127.0.0.1:${shop.value.port}`;
    stack.shopToken = shop.value.access_token;
    const hub = await start(['serve', '--listen', '127.0.0.1:0', '--data-dir', join(dir, 'data'),
      '--connector-base-url', `shopify=${stack.shopify}`, '--allow-private-targets', 'true', '--sync-workers', '2'],
    (out, err) => {
      const id = /client_id: *(\S+)/.exec(out);
      const secret = /client_secret: *(\S+)/.exec(out);
      const listening = err.split('\n').map((l) => { try { return JSON.parse(l); } catch { return null; } })
        .find((l) => l && l.event === 'listening');
      return id && secret && listening ? { clientId: id[1], clientSecret: secret[1], port: listening.port } : undefined;
    });
    stopping.push(hub.child);
    hub.child.removeAllListeners('exit');
    stack.hubLogs = hub.logs;
    stack.url = `http://127.0.0.1:${hub.value.port}`;
    stack.clientId = hub.value.clientId;
    stack.clientSecret = hub.value.clientSecret;
    // Another API client of the account, through the CLI as an operator makes one.
    stack.createClient = (scopes) => new Promise((resolve, reject) => {
      const c = spawn(binary, ['admin', 'create-client', '--account', 'admin', '--scopes', scopes, '--data-dir', join(dir, 'data')],
        { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      c.stdout.on('data', (d) => { out += d; });
      c.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`create-client exited ${code}`))));
    });
    return stack;
  } catch (e) {
    await stack.stop();
    throw e;
  }
}

// The hub's API as a script would call it (setting up what the browser then uses).
export async function apiClient(stack) {
  const res = await fetch(`${stack.url}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: stack.clientId, client_secret: stack.clientSecret }),
  });
  const { access_token: token } = await res.json();
  return async (method, path, body) => {
    const r = await fetch(`${stack.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

// A headless Chromium whose pages may reach loopback only: any other request is aborted
// and listed in `offsite`; console errors and uncaught exceptions land in `errors`.
export async function startBrowser() {
  mkdirSync(screenshots, { recursive: true });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const offsite = [];
  const errors = [];
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.protocol === 'data:' || u.hostname === '127.0.0.1') return route.continue();
    offsite.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  const watch = (page) => {
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`); });
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  };
  context.on('page', watch);
  return {
    browser,
    context,
    offsite,
    errors,
    // Runs `fn`, which loads pages that answer 4xx on purpose: Chromium logs each such load as
    // a console error, and only those are forgiven.
    async expectingErrorPages(fn) {
      const from = errors.length;
      await fn();
      const during = errors.splice(from);
      errors.push(...during.filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e)));
    },
    async close() {
      await browser.close();
    },
  };
}

// The visible part of the page, down to the end of its content.
export async function shot(page, name) {
  const { width, height } = page.viewportSize();
  const content = await page.evaluate(() => document.body.scrollHeight);
  await page.screenshot({ path: join(screenshots, `${name}.png`), clip: { x: 0, y: 0, width, height: Math.min(height, content + 16) } });
}
