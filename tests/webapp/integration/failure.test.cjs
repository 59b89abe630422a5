// The primary goes away: forms that write answer 503 with a readable page ("writes are
// temporarily unavailable") or a JSON error, pages that read still render from the replicas,
// nothing crashes, and after the primary comes back the app writes again without a restart.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness.cjs');

let env;
let shop;
const canBreak = Boolean(process.env.RWS_TEST_ENV_FILE && !process.env.RWS_TEST_PRIMARY);
const skip = !canBreak && 'external servers: no fault injection';

before(async () => {
  if (skip) return;
  env = h.clusterEnv();
  const dir = h.workDir('failure');
  shop = await h.startShop({ config: h.writeConfig(env, dir), instance: 'failure' });
});

after(async () => {
  if (shop) assert.equal(await shop.stop(), 0, `rwsplit-shop did not exit cleanly:\n${shop.logs()}`);
});

async function primaryState() {
  const st = await h.http(shop.url + '/api/status');
  return st.json.backends.find((b) => b.role === 'primary').state;
}

async function waitState(want, ms = 20000) {
  const end = Date.now() + ms;
  while ((await primaryState()) !== want) {
    if (Date.now() > end) throw new Error(`the primary never became ${want}`);
    await h.sleep(100);
  }
}

test('primary down: writes answer 503 with a message, pages that read still render', { skip }, async () => {
  const jar = new h.CookieJar();
  const s = await h.http(shop.url + '/signup', { method: 'POST', jar, form: { name: 'Before Outage', email: h.uniqueEmail('fail') } });
  assert.equal(s.status, 303);
  const id = Number(/\/users\/(\d+)/.exec(s.headers.get('location'))[1]);
  h.clusterCmd(env, 'wait-sync', '30');

  h.clusterCmd(env, 'stop-node', 'primary');
  try {
    await waitState('down');
    const form = await h.http(shop.url + '/signup', { method: 'POST', form: { name: 'During Outage', email: h.uniqueEmail('fail') } });
    assert.equal(form.status, 503);
    assert.match(form.text, /<h1>Writes are temporarily unavailable<\/h1>/);
    assert.match(form.text, /Nothing was saved/);
    const order = await h.http(shop.url + '/orders', { method: 'POST', jar, form: { user_id: id, qty_1: '1' } });
    assert.equal(order.status, 503);
    assert.match(order.text, /Writes are temporarily unavailable/);
    const api = await h.http(shop.url + '/api/orders', { method: 'POST', json: { user_id: id, items: [{ product_id: 1, quantity: 1 }] } });
    assert.equal(api.status, 503);
    assert.match(api.json.error, /Writes are temporarily unavailable/);
    const status = await h.http(shop.url + '/status');
    assert.equal(status.status, 200);
    assert.match(status.text, /state-down/);
    assert.equal((await h.http(shop.url + '/metrics')).status, 200);

    // Pages that read still render, from the replicas
    for (const p of ['/products', `/users/${id}`, `/users/${id}/orders`, '/users', '/api/products']) {
      const r = await h.http(shop.url + p, { jar });
      assert.equal(r.status, 200, `${p} while the primary is down: ${r.text.slice(0, 300)}`);
      assert.match(r.headers.get('x-rwsplit-read'), /^replica\d \(replica\)$/, p);
    }
    const profile = await h.http(`${shop.url}/users/${id}`, { jar });
    assert.match(profile.text, /Before Outage/);
  } finally {
    h.clusterCmd(env, 'restart', 'primary');
    h.clusterCmd(env, 'wait-sync', '60');
  }
  await waitState('up');
  let ok;
  for (let i = 0; i < 50 && ok !== 303; i++) {
    ok = (await h.http(shop.url + '/orders', { method: 'POST', jar, form: { user_id: id, qty_1: '1' } })).status;
    if (ok !== 303) await h.sleep(200);
  }
  assert.equal(ok, 303, 'writes work again after the primary is back');
  assert.equal((await h.http(shop.url + '/products')).status, 200);
});
