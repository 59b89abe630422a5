// End to end in a real browser: Debian's chromium, headless, driven by playwright-core (no
// browser download). Sign up, place an order, see it at once in the history, open /status and
// see the backends and the lag chart; then stop replica1's SQL thread, order again (still seen at
// once) and watch its lag grow on /status. Screenshots go to RWS_SHOP_SCREENSHOTS (the build tree).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('../lib/harness.cjs');

const chromiumPath = process.env.RWS_CHROMIUM || '/usr/bin/chromium';
const shots = process.env.RWS_SHOP_SCREENSHOTS || path.join(process.cwd(), 'webapp-screenshots');
let playwright;
try {
  playwright = require('playwright-core');
} catch {
  playwright = null;
}
const skip = (!playwright && 'playwright-core is not installed (ctest runs webapp.e2e_deps first)') ||
  (!fs.existsSync(chromiumPath) && `${chromiumPath} is missing (cmake/install-deps.sh e2e)`);

let env;
let shop;
let context;
let profileDir;
const pageErrors = [];

before(async () => {
  if (skip) return;
  env = h.clusterEnv();
  const dir = h.workDir('e2e');
  shop = await h.startShop({ config: h.writeConfig(env, dir), instance: 'e2e' });
  fs.mkdirSync(shots, { recursive: true });
  profileDir = fs.mkdtempSync(path.join(dir, 'chromium-profile-'));
  context = await playwright.chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1200, height: 860 },
  });
  context.on('page', (p) => p.on('pageerror', (e) => pageErrors.push(String(e))));
});

after(async () => {
  if (context) await context.close();
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
  if (shop) assert.equal(await shop.stop(), 0, `rwsplit-shop did not exit cleanly:\n${shop.logs()}`);
});

const shot = (page, name) => page.screenshot({ path: path.join(shots, name), fullPage: true });

test('sign up, order, see the order at once, see the cluster', { skip, timeout: 120000 }, async () => {
  const page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });

  await page.goto(shop.url + '/products');
  assert.equal(await page.locator('article.card').count() >= 8, true);
  assert.match(await page.locator('footer.served').innerText(), /Reads served by \S+ \((replica|primary)\)/);
  await shot(page, '01-products.png');

  // sign up through the form (no JavaScript involved)
  await page.click('nav a.cta');
  assert.match(page.url(), /\/signup$/);
  const name = 'Grace Hopper';
  await page.fill('input[name=name]', name);
  await page.fill('input[name=email]', h.uniqueEmail('grace'));
  await Promise.all([page.waitForURL(/\/users\/\d+\?welcome=1$/), page.click('form.stack button')]);
  assert.match(await page.locator('.flash.ok').innerText(), new RegExp(`Welcome, ${name}!`));
  assert.match(await page.locator('footer.served').innerText(), /read-your-writes token applied/);
  await shot(page, '02-profile-after-signup.png');

  // order two products from the profile form
  await page.fill('input[name=qty_1]', '2');
  await page.fill('input[name=qty_3]', '1');
  await Promise.all([page.waitForURL(/\/orders\?placed=\d+$/), page.click('form.order button')]);
  const orderId = /placed=(\d+)/.exec(page.url())[1];
  assert.equal(await page.locator('.flash.ok').innerText(), `Thank you! Order #${orderId} is placed.`);
  const order = page.locator(`#order-${orderId}`);
  assert.equal(await order.isVisible(), true);
  assert.match(await order.innerText(), /Espresso beans, 1 kg\s+2\s+\$18\.90\s+\$37\.80/);
  await shot(page, '03-order-history.png');

  // a second order from a product card, then the history has both, newest first
  await page.goto(shop.url + '/products');
  const card = page.locator('#product-2');
  await card.locator('input[type=number]').fill('1');
  await Promise.all([page.waitForURL(/\/orders\?placed=\d+$/), card.locator('button').click()]);
  const second = /placed=(\d+)/.exec(page.url())[1];
  const ids = await page.locator('article.order').evaluateAll((els) => els.map((e) => e.id));
  assert.deepEqual(ids.slice(0, 2), [`order-${second}`, `order-${orderId}`]);

  // a refused order shows a readable message
  await page.goto(shop.url + '/products');
  const tin = page.locator('#product-8');
  if (await tin.locator('input[type=number]').count()) {
    await tin.locator('input[type=number]').fill('999');
    await Promise.all([page.waitForLoadState('load'), tin.locator('button').click()]);
    assert.match(await page.locator('section.message h1').innerText(), /The order was not placed/);
    await shot(page, '04-order-refused.png');
  }

  // the status page: backends, and the chart drawn from /api/status
  await page.goto(shop.url + '/status');
  await page.waitForFunction(() => document.body.dataset.statusLoaded === '1');
  await page.waitForTimeout(2500); // a few more samples on the chart
  const rows = await page.locator('#backends tbody tr').allInnerTexts();
  assert.equal(rows.length, 3);
  assert.match(rows[0], /^primary\b[\s\S]*\bprimary\b[\s\S]*\bup\b/);
  assert.match(rows[1], /^replica1\b[\s\S]*\breplica\b/);
  assert.match(rows[2], /^replica2\b[\s\S]*\breplica\b/);
  assert.ok(await page.locator('#chart svg path').count() >= 1, 'the chart has lines');
  assert.match(await page.locator('#legend').innerText(), /replica1 \(replica\)/);
  await shot(page, '05-status.png');

  // replica1 stops applying: an order still shows at once, and /status shows the lag growing
  if (env.RWS_TEST_CLUSTER_SCRIPT && !process.env.RWS_TEST_PRIMARY) {
    h.clusterCmd(env, 'stop-sql-thread', 'replica1');
    try {
      await page.goto(shop.url + '/products');
      const filters = page.locator('#product-4');
      await filters.locator('input[type=number]').fill('3');
      await Promise.all([page.waitForURL(/\/orders\?placed=\d+$/), filters.locator('button').click()]);
      const third = /placed=(\d+)/.exec(page.url())[1];
      assert.equal(await page.locator('.flash.ok').innerText(), `Thank you! Order #${third} is placed.`);
      assert.doesNotMatch(await page.locator('footer.served').innerText(), /by replica1/);
      await shot(page, '06-order-while-replica1-stopped.png');
      await page.goto(shop.url + '/status');
      await page.waitForFunction(() => /replica1[\s\S]*lagging/.test(
        document.querySelector('#backends tbody').innerText), null, { timeout: 15000 });
      await page.waitForTimeout(5000);
      assert.match(await page.locator('#backends tbody tr').nth(1).innerText(), /lagging\s*\(stopped\)/);
      await shot(page, '07-status-replica1-stopped.png');
    } finally {
      h.clusterCmd(env, 'start-sql-thread', 'replica1');
      h.clusterCmd(env, 'wait-sync', '60');
    }
  }

  assert.deepEqual(pageErrors, [], 'no JavaScript errors');
  assert.deepEqual(consoleErrors.filter((e) => !/status of 4\d\d/.test(e)), [], 'no console errors');
});
