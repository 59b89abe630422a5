// Every route of rwsplit-shop over HTTP, with the bad inputs: each answers the right status with a
// message, and a refused request writes nothing. Run by ctest (webapp.routes) against the local
// test cluster; the app is started on a free port and stopped by its PID.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness.cjs');

let shop;
let base;

before(async () => {
  const env = h.clusterEnv();
  const dir = h.workDir('routes');
  shop = await h.startShop({ config: h.writeConfig(env, dir), instance: 'routes' });
  base = shop.url;
});

after(async () => {
  if (shop) assert.equal(await shop.stop(), 0, `rwsplit-shop did not exit cleanly:\n${shop.logs()}`);
});

const get = (p, opts) => h.http(base + p, opts);
const post = (p, opts) => h.http(base + p, { method: 'POST', ...opts });

async function signup(jar, name = 'Route Tester') {
  const email = h.uniqueEmail('routes');
  const r = await post('/signup', { jar, form: { name, email } });
  assert.equal(r.status, 303, r.text);
  const m = /^\/users\/(\d+)\?welcome=1$/.exec(r.headers.get('location'));
  assert.ok(m, `Location ${r.headers.get('location')}`);
  return { id: Number(m[1]), email };
}

async function products(jar) {
  const r = await get('/api/products', { jar });
  assert.equal(r.status, 200);
  return r.json.products;
}

async function orderCount(id, jar) {
  const r = await get(`/api/users/${id}/orders`, { jar });
  assert.equal(r.status, 200, r.text);
  return r.json.orders.length;
}

test('GET / and /products list the products with a footer saying where the reads ran', async () => {
  for (const p of ['/', '/products']) {
    const r = await get(p);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/html/);
    assert.equal(r.headers.get('x-rwsplit-instance'), 'routes');
    assert.match(r.headers.get('x-rwsplit-read'), /^(primary|replica\d) \((primary|replica)\)$/);
    assert.match(r.text, /Espresso beans, 1 kg/);
    assert.match(r.text, /<link rel="stylesheet" href="\/static\/style.css">/);
    assert.match(r.text, /Reads served by <b class="(replica|primary)">/);
    assert.match(r.text, /Instance <b>routes<\/b>/);
  }
  const head = await get('/products', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.text, '');
});

test('static files: the stylesheet and the status script; anything else 404', async () => {
  const css = await get('/static/style.css');
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type'), /^text\/css/);
  assert.match(css.text, /footer\.served/);
  const js = await get('/static/status.js');
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type'), /^text\/javascript/);
  assert.equal((await get('/static/nope.css')).status, 404);
});

test('sign-up: form, POST + redirect with the user and token cookies, profile escapes the name', async () => {
  const form = await get('/signup');
  assert.equal(form.status, 200);
  assert.match(form.text, /<form method="post" action="\/signup"/);

  const jar = new h.CookieJar();
  const name = `<b>Ann "O'Neil" & co</b>`;
  const { id } = await signup(jar, name);
  assert.equal(jar.get('shop_user'), String(id));
  assert.match(jar.get('rws_token'), /^[A-Za-z0-9._~-]+$/);

  const page = await get(`/users/${id}?welcome=1`, { jar });
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('&lt;b&gt;Ann &quot;O&#39;Neil&quot; &amp; co&lt;/b&gt;'), 'escaped name');
  assert.ok(!page.text.includes('<b>Ann'), 'raw name must never appear');
  assert.match(page.text, /Welcome, /);
  assert.match(page.text, /read-your-writes token applied/);
  assert.match(page.text, /<form method="post" action="\/orders" class="order">/);
});

test('sign-up refuses bad input with 4xx and a message, and writes nothing', async () => {
  const email = h.uniqueEmail('bad');
  const cases = [
    [{ name: '', email }, 400, /Please enter your name/],
    [{ name: 'x'.repeat(81), email }, 400, /too long: 81 characters, at most 80/],
    [{ name: 'Tab\there', email }, 400, /not allowed/],
    [{ name: 'Ok', email: 'not-an-address' }, 400, /does not look like an e-mail/],
    [{ name: 'Ok', email: `${'a'.repeat(250)}@example.com` }, 400, /too long/],
    [{ name: 'Ok' }, 400, /Please enter your e-mail/],
  ];
  for (const [form, status, message] of cases) {
    const r = await post('/signup', { form });
    assert.equal(r.status, status, JSON.stringify(form));
    assert.match(r.text, message);
    assert.equal(r.headers.get('set-cookie'), null, 'nothing written, no cookie');
  }
  const malformed = await post('/signup', { form: 'name=%zz&email=a@b.c' });
  assert.equal(malformed.status, 400);
  const json = await post('/signup', { json: { name: 'Ok', email } });
  assert.equal(json.status, 415);
  const huge = await post('/signup', { form: { name: 'x'.repeat(20000), email } });
  assert.equal(huge.status, 413);
  assert.match(huge.text, /larger than 16384 bytes/);
  const users = (await get('/api/users')).json.users;
  assert.ok(!users.some((u) => u.email === email), 'no user was created');

  const jar = new h.CookieJar();
  const first = await signup(jar);
  const dup = await post('/signup', { form: { name: 'Again', email: first.email } });
  assert.equal(dup.status, 409);
  assert.match(dup.text, /already registered/);
});

test('customers list, profile, unknown users', async () => {
  const jar = new h.CookieJar();
  const { id } = await signup(jar, 'Listed Customer');
  const list = await get('/users', { jar });
  assert.equal(list.status, 200);
  assert.match(list.text, new RegExp(`<a href="/users/${id}">Listed Customer</a>`));
  const other = await get(`/users/${id}`); // without cookies: someone else's page, no order form
  assert.equal(other.status, 200);
  assert.doesNotMatch(other.text, /action="\/orders"/);
  for (const p of ['/users/999999999', '/users/999999999/orders']) {
    const r = await get(p);
    assert.equal(r.status, 404, p);
    assert.match(r.text, /There is no user #999999999/);
  }
  assert.equal((await get('/users/abc')).status, 404);
  assert.equal((await get('/users/0')).status, 404);
});

test('placing an order: a transaction, then the history shows it at once', async () => {
  const jar = new h.CookieJar();
  const { id } = await signup(jar, 'Buyer');
  const before1 = (await products(jar)).find((p) => p.id === 1).stock;
  const r = await post('/orders', { jar, form: { user_id: id, qty_1: '2', qty_3: '1', qty_2: '0' } });
  assert.equal(r.status, 303, r.text);
  const m = new RegExp(`^/users/${id}/orders\\?placed=(\\d+)$`).exec(r.headers.get('location'));
  assert.ok(m, r.headers.get('location'));
  const history = await get(m[0], { jar });
  assert.equal(history.status, 200);
  assert.match(history.text, new RegExp(`Thank you! Order #${m[1]} is placed.`));
  assert.match(history.text, /Espresso beans, 1 kg<\/td><td class="num">2<\/td>/);
  assert.equal((await products(jar)).find((p) => p.id === 1).stock, before1 - 2);
  const single = await post('/orders', { jar, form: { user_id: id, product_id: '3', quantity: '4' } });
  assert.equal(single.status, 303);
  assert.equal(await orderCount(id, jar), 2);
});

test('orders refuse bad input with 4xx and a message, and write nothing', async () => {
  const jar = new h.CookieJar();
  const { id } = await signup(jar, 'Careful Buyer');
  const all = await products(jar);
  const scarce = all.reduce((a, b) => (b.stock < a.stock ? b : a));
  assert.ok(scarce.stock < 1000, 'a product with little stock (the limited edition tin)');
  const cases = [
    [{ user_id: id, qty_1: '-1' }, 400, /cannot be negative/],
    [{ user_id: id, qty_1: '0', qty_2: '0' }, 400, /Choose at least one product/],
    [{ user_id: id }, 400, /Choose at least one product/],
    [{ user_id: id, qty_1: 'two' }, 400, /whole number/],
    [{ user_id: id, qty_1: '1001' }, 400, /at most 1000/],
    [{ user_id: id, qty_x: '1' }, 400, /by its number/],
    [{ user_id: id, product_id: '1', quantity: '0' }, 400, /at least 1/],
    [{ user_id: id, qty_999999: '1' }, 422, /There is no product #999999/],
    [{ user_id: id, qty_1: '1', qty_999999: '1' }, 422, /There is no product #999999/],
    [{ user_id: '999999999', qty_1: '1' }, 422, /There is no user #999999999/],
    [{ user_id: id, [`qty_${scarce.id}`]: String(scarce.stock + 1), qty_1: '1' }, 409, /Not enough/],
  ];
  for (const [form, status, message] of cases) {
    const r = await post('/orders', { jar, form });
    assert.equal(r.status, status, JSON.stringify(form));
    assert.match(r.text, message);
  }
  const nobody = await post('/orders', { form: { qty_1: '1' } }); // no user_id, no cookie
  assert.equal(nobody.status, 400);
  assert.match(nobody.text, /sign up first/);
  assert.equal((await post('/orders', { jar, json: { user_id: id } })).status, 415);
  assert.equal((await post('/orders', { jar, form: 'user_id=1&qty_1=%4' })).status, 400);
  assert.equal(await orderCount(id, jar), 0, 'no order was written');
  const after1 = await products(jar);
  assert.equal(after1.find((p) => p.id === scarce.id).stock, scarce.stock, 'stock untouched');
  assert.equal(after1.find((p) => p.id === 1).stock, all.find((p) => p.id === 1).stock);
});

test('status page, /api/status with lag samples, /metrics', async () => {
  const page = await get('/status');
  assert.equal(page.status, 200);
  for (const b of ['primary', 'replica1', 'replica2']) assert.match(page.text, new RegExp(`<b>${b}</b>`));
  assert.match(page.text, /<script src="\/static\/status.js" defer><\/script>/);
  await h.sleep(1200); // at least one sample
  const st = await get('/api/status');
  assert.equal(st.status, 200);
  assert.equal(st.json.instance, 'routes');
  assert.deepEqual(st.json.backends.map((b) => b.role), ['primary', 'replica', 'replica']);
  for (const b of st.json.backends) {
    assert.ok(Array.isArray(b.samples) && b.samples.length >= 1, `${b.name} has samples`);
    assert.equal(typeof b.reads, 'number');
  }
  assert.equal(typeof st.json.stats.statements, 'number');
  const m = await get('/metrics');
  assert.equal(m.status, 200);
  assert.match(m.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  assert.match(m.text, /^rwsplit_\w+\{[^}]*backend="replica1"[^}]*\} \d+/m);
  assert.match(m.text, /^rwsplit_shop_responses_total\{instance="routes",class="2xx"\} [1-9]\d*$/m);
});

test('JSON API: products, users, a user, orders, with served_by and the causal token', async () => {
  const p = await get('/api/products');
  assert.equal(p.status, 200);
  assert.ok(p.json.products.length >= 8);
  assert.match(p.json.served_by.route, /^(replica|primary)$/);
  assert.equal(p.json.served_by.instance, 'routes');

  const email = h.uniqueEmail('api');
  const u = await post('/api/users', { json: { name: 'Api User', email } });
  assert.equal(u.status, 201, u.text);
  const id = u.json.user.id;
  assert.match(u.json.token, /^[A-Za-z0-9._~-]+$/);
  assert.equal(u.headers.get('x-rwsplit-token'), u.json.token);
  const token = u.json.token;
  const one = await get(`/api/users/${id}`, { headers: { 'X-Rwsplit-Token': token } });
  assert.equal(one.status, 200);
  assert.equal(one.json.user.email, email);
  assert.equal(one.json.served_by.token_applied, true);
  assert.ok((await get('/api/users', { headers: { 'X-Rwsplit-Token': token } })).json.users.some((x) => x.id === id));

  const o = await post('/api/orders', { json: { user_id: id, items: [{ product_id: 2, quantity: 1 }, { product_id: 2, quantity: 2 }] } });
  assert.equal(o.status, 201, o.text);
  assert.deepEqual(o.json.order.items, [{ product_id: 2, quantity: 3 }]);
  assert.equal(o.json.order.total_cents, 3 * p.json.products.find((x) => x.id === 2).price_cents);
  const orders = await get(`/api/users/${id}/orders`, { headers: { 'X-Rwsplit-Token': o.json.token } });
  assert.equal(orders.status, 200);
  assert.equal(orders.json.orders[0].id, o.json.order.id);
  assert.equal(orders.json.orders[0].lines[0].quantity, 3);
});

test('JSON API refuses bad input with 4xx and a JSON message, and writes nothing', async () => {
  const email = h.uniqueEmail('apibad');
  const userCases = [
    ['{"name": "x", "email": ', 400, /malformed JSON at line 1/],
    ['[1, 2]', 400, /must be a JSON object/],
    [{ name: 42, email }, 400, /"name" must be a string/],
    [{ name: 'Ok' }, 400, /"email" must be a string/],
    [{ name: 'y'.repeat(81), email }, 400, /too long/],
    [{ name: 'Ok', email: 'nope' }, 400, /does not look like/],
    [{ name: 'Nul\u0000Byte', email }, 400, /NUL/],
  ];
  for (const [json, status, message] of userCases) {
    const r = await post('/api/users', { json });
    assert.equal(r.status, status, JSON.stringify(json));
    assert.equal(r.json.status, status);
    assert.match(r.json.error, message);
  }
  const wrongType = await post('/api/users', { form: { name: 'Ok', email } });
  assert.equal(wrongType.status, 415);
  assert.match(wrongType.json.error, /application\/json/);
  const huge = await post('/api/users', { json: { name: 'x'.repeat(17000), email } });
  assert.equal(huge.status, 413);
  assert.ok(!(await get('/api/users')).json.users.some((u) => u.email === email));

  const u = await post('/api/users', { json: { name: 'Api Careful', email } });
  assert.equal(u.status, 201);
  const id = u.json.user.id;
  assert.equal((await post('/api/users', { json: { name: 'Twice', email } })).status, 409);
  const stock = (await products()).find((p) => p.id === 8).stock;
  const orderCases = [
    [{ user_id: id, items: [{ product_id: 1, quantity: -2 }] }, 400, /cannot be negative/],
    [{ user_id: id, items: [{ product_id: 1, quantity: 0 }] }, 400, /"quantity" must be in 1\.\.1000/],
    [{ user_id: id, items: [{ product_id: 1, quantity: '2' }] }, 400, /whole number/],
    [{ user_id: id, items: [{ product_id: 1, quantity: 1.5 }] }, 400, /whole number/],
    [{ user_id: id, items: [] }, 400, /"items" must be an array/],
    [{ user_id: id, items: {} }, 400, /"items" must be an array/],
    [{ user_id: id, items: [7] }, 400, /must be an object/],
    [{ user_id: -1, items: [{ product_id: 1, quantity: 1 }] }, 400, /cannot be negative/],
    [{ items: [{ product_id: 1, quantity: 1 }] }, 400, /"user_id" must be a whole number/],
    [{ user_id: id, items: [{ product_id: 424242, quantity: 1 }] }, 422, /no product #424242/],
    [{ user_id: 999999999, items: [{ product_id: 1, quantity: 1 }] }, 422, /no user #999999999/],
    [{ user_id: id, items: [{ product_id: 8, quantity: stock + 1 }] }, 409, /Not enough/],
    ['{"user_id": 1, "items": [}', 400, /malformed JSON/],
    ['{"user_id": 1, "user_id": 2}', 400, /duplicate/],
  ];
  for (const [json, status, message] of orderCases) {
    const r = await post('/api/orders', { json });
    assert.equal(r.status, status, JSON.stringify(json));
    assert.match(r.json.error, message);
  }
  assert.equal((await post('/api/orders', { body: '{}', headers: { 'content-type': 'text/plain' } })).status, 415);
  assert.equal(await orderCount(id), 0, 'no order was written');
  assert.equal((await products()).find((p) => p.id === 8).stock, stock);
  const missing = await get('/api/users/999999999');
  assert.equal(missing.status, 404);
  assert.match(missing.json.error, /no user/);
  assert.equal((await get('/api/users/999999999/orders')).status, 404);
});

test('unknown paths 404, wrong methods 405 with Allow', async () => {
  const page = await get('/nowhere');
  assert.equal(page.status, 404);
  assert.match(page.text, /Page not found/);
  const api = await get('/api/nowhere');
  assert.equal(api.status, 404);
  assert.equal(api.json.status, 404);
  const del = await get('/products', { method: 'DELETE' });
  assert.equal(del.status, 405);
  assert.equal(del.headers.get('allow'), 'GET, HEAD');
  const getOrders = await get('/api/orders');
  assert.equal(getOrders.status, 405);
  assert.equal(getOrders.headers.get('allow'), 'POST');
  const putUsers = await get('/api/users', { method: 'PUT' });
  assert.equal(putUsers.status, 405);
  assert.equal(putUsers.headers.get('allow'), 'GET, HEAD, POST');
});

test('a malformed token cookie is ignored and deleted; the page still renders', async () => {
  const r = await get('/products', { headers: { cookie: 'rws_token=v9.not-a-token' } });
  assert.equal(r.status, 200);
  assert.match(r.text, /malformed token cookie ignored/);
  assert.match(r.headers.get('set-cookie'), /^rws_token=; Path=\/; Max-Age=0/);
  const junk = await get('/products', { headers: { cookie: 'rws_token=<script>; shop_user=abc' } });
  assert.equal(junk.status, 200);
  assert.doesNotMatch(junk.text, /<script>/);
});
