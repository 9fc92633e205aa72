// How the binary serves the console, /docs and /openapi.yaml over real HTTP (no browser):
// public, security headers on every page and file, ETag revalidation, deep links.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startStack } from './harness.mjs';

const csp = (res) => res.headers.get('content-security-policy') || '';

describe('serving the console', { timeout: 60000 }, () => {
  let stack;
  before(async () => {
    stack = await startStack({ orders: 10 });
  });
  after(async () => {
    if (stack) await stack.stop();
  });

  it('redirects / to the console', async () => {
    const res = await fetch(`${stack.url}/`, { redirect: 'manual' });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/console/');
  });

  it('answers the console page with a strict policy, without a token', async () => {
    for (const path of ['/console', '/console/', '/console/orgs/x/integrations/y']) {
      const res = await fetch(`${stack.url}${path}`);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type'), /^text\/html/);
      assert.match(await res.text(), /<script type="module" src="\/console\/app.js">/);
      assert.match(csp(res), /default-src 'self'/);
      assert.match(csp(res), /script-src 'self'(;|$)/);
      assert.doesNotMatch(csp(res), /unsafe/);
      assert.match(csp(res), /frame-ancestors 'none'/);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    }
  });

  it('serves files with their type and revalidates them by ETag', async () => {
    const res = await fetch(`${stack.url}/console/lib/hooks.mjs`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/javascript/);
    // The bare specifier is rewritten so the browser needs no import map.
    assert.match(await res.text(), /from"\.\/preact\.mjs"/);
    const etag = res.headers.get('etag');
    assert.match(etag, /^"[0-9a-f]+"$/);
    const again = await fetch(`${stack.url}/console/lib/hooks.mjs`, { headers: { 'If-None-Match': `W/"x", ${etag}` } });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
    const other = await fetch(`${stack.url}/console/lib/hooks.mjs`, { headers: { 'If-None-Match': '"0"' } });
    assert.equal(other.status, 200);
  });

  it('serves docs/openapi.yaml as it is in the repository', async () => {
    const res = await fetch(`${stack.url}/openapi.yaml`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/yaml');
    const source = readFileSync(new URL('../../docs/openapi.yaml', import.meta.url), 'utf8');
    assert.equal(await res.text(), source);
  });

  it('serves /docs and the licences, and 404s what it does not have', async () => {
    const docs = await fetch(`${stack.url}/docs`);
    assert.equal(docs.status, 200);
    assert.match(await docs.text(), /<redoc spec-url="\/openapi.yaml"/);
    assert.match(csp(docs), /script-src 'self'(;|$)/);
    const licences = await fetch(`${stack.url}/console/licenses.txt`);
    assert.match(await licences.text(), /node_modules\/preact\/LICENSE/);
    const missing = await fetch(`${stack.url}/docs/nothing.js`);
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).code, 'not_found');
  });
});
