// Read-your-writes across instances: two rwsplit-shop processes behind nginx (round robin), the
// replicas lagging. A POST lands on one instance; the following GET, sent through nginx, is
// served by the OTHER instance (X-Rwsplit-Instance) and shows the new data, because the causal
// token travels in the cookie, not in the process.
//  1. both replicas' SQL threads stopped (the brief's case: they get no reads at all);
//  2. both replicas delayed by MASTER_DELAY (they stay eligible and serve stale reads): here a
//     direct GET to the other instance without the cookie misses the order, the control that
//     proves the cookie is what carries read-your-writes from one instance to the other.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const h = require('../lib/harness.cjs');

let env;
let shops = [];
let nginx;

const hasNginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].some((p) => fs.existsSync(p));
const canBreak = Boolean(process.env.RWS_TEST_ENV_FILE && !process.env.RWS_TEST_PRIMARY);
const skip = (!hasNginx && 'nginx is not installed (cmake/install-deps.sh e2e)') ||
  (!canBreak && 'external servers: no fault injection');

before(async () => {
  if (skip) return;
  env = h.clusterEnv();
  const dir = h.workDir('nginx');
  const config = h.writeConfig(env, dir, { max_lag_ms: 20000, causal_wait_ms: 200 });
  shops = [await h.startShop({ config, instance: 'shop-a' }), await h.startShop({ config, instance: 'shop-b' })];
  nginx = await h.startNginx(dir, shops.map((s) => s.port));
});

after(async () => {
  if (nginx) await nginx.stop();
  for (const s of shops) assert.equal(await s.stop(), 0, `${s.instance} did not exit cleanly:\n${s.logs()}`);
});

/** GET through nginx until an instance other than `not` answers (round robin: at most a few). */
async function getFromOther(path, jar, not) {
  for (let i = 0; i < 6; i++) {
    const r = await h.http(nginx.url + path, { jar });
    if (r.headers.get('x-rwsplit-instance') !== not) return r;
  }
  throw new Error(`nginx never sent ${path} to an instance other than ${not}`);
}

async function scenario(label, { control }) {
  const jar = new h.CookieJar();
  const signup = await h.http(nginx.url + '/signup', { method: 'POST', jar, form: { name: `Across ${label}`, email: h.uniqueEmail('nginx') } });
  assert.equal(signup.status, 303, signup.text);
  const wrote = signup.headers.get('x-rwsplit-instance');
  const profile = await getFromOther(signup.headers.get('location'), jar, wrote);
  assert.equal(profile.status, 200, profile.text.slice(0, 400));
  assert.match(profile.text, new RegExp(`Across ${label}`));
  assert.match(profile.text, /read-your-writes token applied/);
  const id = Number(/\/users\/(\d+)/.exec(signup.headers.get('location'))[1]);

  const order = await h.http(nginx.url + '/orders', { method: 'POST', jar, form: { user_id: id, qty_3: '2' } });
  assert.equal(order.status, 303, order.text);
  const postedTo = order.headers.get('x-rwsplit-instance');
  const where = order.headers.get('location');
  const orderId = /placed=(\d+)/.exec(where)[1];
  const history = await getFromOther(where, jar, postedTo);
  const servedBy = history.headers.get('x-rwsplit-instance');
  assert.notEqual(servedBy, postedTo, 'the GET went to the other instance');
  assert.equal(history.status, 200);
  assert.match(history.text, new RegExp(`Thank you! Order #${orderId} is placed.`));
  assert.match(history.text, new RegExp(`<article class="order new" id="order-${orderId}">`));
  assert.match(history.text, new RegExp(`Instance <b>${servedBy}</b>`));

  if (control) {
    // the other instance, asked directly without the cookie, reads from a lagging replica
    const other = shops.find((s) => s.instance === servedBy);
    const bare = await h.http(other.url + where);
    assert.ok(bare.status === 404 || /is not visible here yet/.test(bare.text),
      `without the cookie the order should not be visible yet: ${bare.status}`);
  }
  return { postedTo, servedBy };
}

test('both SQL threads stopped: POST on one instance, the next GET on the other sees it', { skip }, async () => {
  for (const r of ['replica1', 'replica2']) h.clusterCmd(env, 'stop-sql-thread', r);
  try {
    const r = await scenario('stopped', { control: false });
    assert.notEqual(r.postedTo, r.servedBy);
  } finally {
    for (const r of ['replica1', 'replica2']) h.clusterCmd(env, 'start-sql-thread', r);
    h.clusterCmd(env, 'wait-sync', '60');
  }
});

test('replicas 3 s behind: the cookie carries read-your-writes to the other instance', { skip }, async () => {
  const setDelay = (s) => {
    for (const r of ['replica1', 'replica2'])
      h.clusterCmd(env, 'sql', r, `STOP SLAVE; CHANGE MASTER TO MASTER_DELAY = ${s}; START SLAVE`);
  };
  setDelay(3);
  try {
    for (let i = 0; ; i++) {
      const st = (await h.http(shops[0].url + '/api/status')).json;
      const lagging = st.backends.filter((b) => b.role === 'replica')
        .every((b) => b.state === 'up' && b.lag_ms !== null && b.lag_ms >= 500);
      if (lagging) break;
      if (i > 200) throw new Error('the replicas never showed the delay');
      await h.sleep(100);
    }
    await scenario('delayed', { control: true });
  } finally {
    setDelay(0);
    h.clusterCmd(env, 'wait-sync', '60');
  }
});
