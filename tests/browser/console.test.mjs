// The operator's happy path in a real browser: connect an emulated Shopify store through the
// merchant connect page, sign in to the console, watch the initial sync reach 100 % live, find
// a customer's order and its items, open a record, run an action, read /docs. No console
// error and no request off 127.0.0.1 along the way; a screenshot of each view.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient, shot, startBrowser, startStack } from './harness.mjs';

describe('console', { timeout: 240000 }, () => {
  let stack;
  let b;
  let page;
  let api;
  let user;
  let connection;

  before(async () => {
    stack = await startStack({ orders: 1500 });
    api = await apiClient(stack);
    await api('PUT', '/api/v6/providers/shopify/credentials', { credentials: { client_id: 'app-key', client_secret: 'app-secret' } });
    await api('PUT', '/api/v6/providers/shopify/settings', { auto_connect: true });
    await api('PUT', '/api/v6/providers/shopify', { enable: true });
    user = await api('POST', '/api/v6/users', { name: 'Acme Outdoor' });
    connection = await api('POST', `/api/v6/users/${user.id}/data-connections`, { provider_name: 'shopify' });
    b = await startBrowser();
    page = await b.context.newPage();
  });

  after(async () => {
    if (b) await b.close();
    if (stack) await stack.stop();
  });

  it('connects the store through the connect page', async () => {
    await page.goto(connection.connect_url);
    await page.getByRole('heading', { name: 'Connect your Shopify store' }).waitFor();
    // A store address Shopify would not take: the form again, saying why.
    await b.expectingErrorPages(async () => {
      await page.getByLabel('Shop domain').fill('not a shop');
      await page.getByRole('button', { name: 'Continue to Shopify' }).click();
      await page.locator('[data-state="form"] input[aria-invalid="true"]').waitFor();
    });
    assert.match(await page.locator('#shop-help').innerText(), /does not look like a Shopify store address/);
    await page.getByLabel('Shop domain').fill('acme.myshopify.com');
    await shot(page, 'connect-form');
    await page.getByRole('button', { name: 'Continue to Shopify' }).click();
    await page.locator('[data-state="success"]').waitFor();
    assert.match(page.url(), /\/callback\/shopify/);
    await page.getByRole('heading', { name: 'Your Shopify store is connected' }).waitFor();
    await shot(page, 'connect-success');
  });

  it('shows a failed install with its error and a retry', () => b.expectingErrorPages(async () => {
    await page.goto(`${stack.url}/callback/shopify?code=x&state=forged`);
    await page.locator('[data-state="failure"]').waitFor();
    assert.match(await page.locator('.sb-connect-error').innerText(), /could not be checked/);
    await page.getByText('Error details').click();
    await page.getByText('invalid_request', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Try again' }).waitFor();
    await shot(page, 'connect-failure');
    // A used link: no retry can help, the page says to ask for a new one.
    await page.goto(connection.connect_url);
    await page.locator('[data-state="failure"]').waitFor();
    assert.match(await page.locator('.sb-connect-error').innerText(), /already set up/);
  }));

  it('signs in and lists the merchant with its integration', async () => {
    await page.goto(`${stack.url}/`);
    assert.match(page.url(), /\/console\/$/);
    await page.getByLabel('Client id').fill(stack.clientId);
    await page.getByLabel('Client secret').fill(stack.clientSecret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const row = page.locator(`tr[data-integration="${connection.id}"]`);
    await row.waitFor();
    await row.locator('[data-status="CONNECTED"]').waitFor();
    assert.match(await row.innerText(), /Acme Outdoor/);
    await shot(page, 'merchants');
  });

  it('watches the initial order sync reach 100 % live', async () => {
    await page.locator(`tr[data-integration="${connection.id}"] a`).first().click();
    const orders = page.locator('tr[data-type="COMMERCE_ORDER"]');
    await orders.locator('a').waitFor({ timeout: 30000 });
    await shot(page, 'integration');
    await orders.locator('a').click();
    await page.locator('[data-testid="job-progress"]').waitFor();
    const seen = new Set();
    // The page polls the job; read what it shows until it is done.
    for (let k = 0; k < 1200; k++) {
      const status = await page.locator('[data-job-status]').getAttribute('data-job-status');
      seen.add(status);
      const percent = await page.getByTestId('job-percent').innerText();
      if (status === 'running' && /^[1-9]\d? %$/.test(percent)) await shot(page, 'job-running');
      if (status !== 'queued' && status !== 'running') break;
      await page.waitForTimeout(100);
    }
    await page.locator('[data-job-status="succeeded"]').waitFor();
    assert.equal(await page.locator('[data-testid="job-percent"]').innerText(), '100 %');
    await shot(page, 'job');
  });

  it('finds a customer, their order and its items', async () => {
    const res = await fetch(`${stack.shopify}/admin/api/2026-10/orders.json?limit=5`, {
      headers: { 'X-Shopify-Access-Token': stack.shopToken },
    });
    const { orders } = await res.json();
    const order = orders.find((o) => o.customer && o.customer.email);
    assert.ok(order, 'the emulator has an order with a customer');
    await page.locator('a[href="#/customers"]').first().click();
    // Customers come from their own sync, which may still run after the orders', and the
    // page may render again while the session loads (a loaded machine): fill and search again
    // until it lists this one.
    const box = page.getByLabel('Customer');
    const customer = page.locator('[data-customer]').first();
    for (let k = 0; k < 60; k++) {
      if ((await box.inputValue()) !== order.customer.email) await box.fill(order.customer.email);
      await page.getByRole('button', { name: 'Search' }).click();
      try {
        await customer.waitFor({ timeout: 1000 });
        break;
      } catch {
        // not listed yet
      }
    }
    await customer.click();
    await page.locator('[data-order]').first().click();
    const items = page.locator('[data-testid="order-items"] tbody tr');
    await items.first().waitFor();
    assert.ok((await items.count()) > 0);
    await shot(page, 'customer-order-items');

    // The same order as the hub stores it and as the platform sent it.
    await page.goto(`${stack.url}/console/#/orgs/${user.id}/integrations/${connection.id}/records/COMMERCE_ORDER/${order.id}`);
    await page.getByRole('heading', { name: 'Normalized' }).waitFor();
    await page.getByRole('heading', { name: /Raw/ }).waitFor();
    assert.match(await page.locator('.sb-side').innerText(), new RegExp(String(order.id)));
    await shot(page, 'record');
  });

  it('runs an action from the integration page', async () => {
    await page.goto(`${stack.url}/console/#/orgs/${user.id}/integrations/${connection.id}`);
    await page.locator('[data-tab="actions"]').click();
    await page.getByLabel('Action').selectOption('register_webhooks');
    await page.getByRole('button', { name: /^Run/ }).click();
    await page.locator('[data-testid="action-result"]').waitFor();
    await shot(page, 'action');
  });

  it('shows webhook deliveries, jobs across the account, the change feed and the catalog', async () => {
    await page.goto(`${stack.url}/console/#/orgs/${user.id}/integrations/${connection.id}`);
    await page.locator('[data-tab="webhooks"]').click();
    await page.getByLabel('Delivery status').selectOption('applied');
    await page.locator('[data-tab="jobs"]').click();
    await page.locator('table.sb-table tbody tr').first().waitFor();
    await page.goto(`${stack.url}/console/#/jobs?status=succeeded`);
    await page.locator('table.sb-table tbody tr [data-status="succeeded"]').first().waitFor();
    assert.equal(await page.locator('table.sb-table tbody [data-status]:not([data-status="succeeded"])').count(), 0);
    await shot(page, 'jobs');
    await page.goto(`${stack.url}/console/#/orgs/${user.id}/changes`);
    await page.locator('table.sb-table tbody tr').first().waitFor();
    await page.getByTestId('next-page').click();
    await page.locator('table.sb-table tbody tr').first().waitFor();
    await shot(page, 'changes');
    await page.goto(`${stack.url}/console/#/connectors`);
    await page.locator('[data-connector="shopify"]').waitFor();
    await page.goto(`${stack.url}/console/#/webhook-endpoints`);
    await page.getByRole('heading', { name: 'Webhooks out' }).waitFor();
  });

  it('offers a read-only token nothing it may not do', async () => {
    const reader = await stack.createClient('organizations:read integrations:read');
    await page.locator('.sb-who summary').click();
    await page.getByTestId('sign-out').click();
    await page.getByLabel('Client id').fill(reader.client_id);
    await page.getByLabel('Client secret').fill(reader.client_secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator(`tr[data-integration="${connection.id}"] a`).first().click();
    await page.locator('tr[data-type="COMMERCE_ORDER"]').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Sync now' }).count(), 0);
    assert.equal(await page.locator('a[href="#/customers"]').count(), 0);
    assert.equal(await page.locator('a[href="#/webhook-endpoints"]').count(), 0);
    await page.locator('[data-tab="actions"]').click();
    await page.getByText('Running actions needs the scope integrations:write.').waitFor();
  });

  it('fits the connect page on a phone', async () => {
    const phone = await b.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    const other = await api('POST', `/api/v6/users/${user.id}/data-connections`, { provider_name: 'shopify' });
    await phone.goto(other.connect_url);
    await phone.locator('input[name="shop"]').waitFor();
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no horizontal scrolling (${width}px)`);
    await shot(phone, 'connect-phone');
    await phone.close();
  });

  it('reads the API reference at /docs', async () => {
    await page.goto(`${stack.url}/docs`);
    await page.getByRole('heading', { name: /Storebridge API/ }).first().waitFor({ timeout: 30000 });
    await page.getByText('/oauth/token').first().waitFor();
    await shot(page, 'docs');
  });

  it('made no request off 127.0.0.1 and logged no console error', () => {
    assert.deepEqual(b.offsite, []);
    assert.deepEqual(b.errors, []);
  });
});
