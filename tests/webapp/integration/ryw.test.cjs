// Read-your-writes across requests: the causal token that a POST puts in the rws_token cookie
// makes the next page load read at least that fresh while the replicas lag.
//  1. replica1's SQL thread stopped (it receives but does not apply): the pages after a sign-up
//     and an order show them every time, and replica1 never serves those reads.
//  2. both replicas delayed by MASTER_DELAY (they apply, seconds late, so they stay eligible
//     within max_lag_ms): the same read WITHOUT the cookie misses the write (the control that
//     shows the cookie is what makes the difference), WITH the cookie it sees it.
// Every fault is undone in a finally block, and the replicas are waited for.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness.cjs');

let env;
let shop;
const DELAY_S = 3;

before(async () => {
  env = h.clusterEnv();
  const dir = h.workDir('ryw');
  // max_lag_ms above the delay: a delayed replica stays eligible and stale reads can happen.
  const config = h.writeConfig(env, dir, { max_lag_ms: 20000, causal_wait_ms: 200 });
  shop = await h.startShop({ config, instance: 'ryw' });
});

after(async () => {
  if (shop) assert.equal(await shop.stop(), 0, `rwsplit-shop did not exit cleanly:\n${shop.logs()}`);
});

const canBreak = () => Boolean(process.env.RWS_TEST_ENV_FILE && !process.env.RWS_TEST_PRIMARY);

async function signup(jar, name) {
  const r = await h.http(shop.url + '/signup', { method: 'POST', jar, form: { name, email: h.uniqueEmail('ryw') } });
  assert.equal(r.status, 303, r.text);
  return Number(/\/users\/(\d+)/.exec(r.headers.get('location'))[1]);
}

async function waitFor(what, fn, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await h.sleep(100);
  }
}

async function backend(name) {
  const st = await h.http(shop.url + '/api/status');
  return st.json.backends.find((b) => b.name === name);
}

test('replica1 SQL thread stopped: after each write the next pages show it, never read from replica1',
  { skip: !canBreak() && 'external servers: no fault injection' }, async () => {
    h.clusterCmd(env, 'stop-sql-thread', 'replica1');
    try {
      await waitFor('the monitor to see replica1 stopped', async () => (await backend('replica1')).replicating === false);
      const jar = new h.CookieJar();
      const id = await signup(jar, 'Stopped Thread Reader');
      const readers = new Set();
      for (let i = 0; i < 8; i++) {
        const r = await h.http(`${shop.url}/users/${id}`, { jar });
        assert.equal(r.status, 200, `profile load ${i}: ${r.text.slice(0, 300)}`);
        assert.match(r.text, /Stopped Thread Reader/);
        assert.match(r.text, /read-your-writes token applied/);
        readers.add(r.headers.get('x-rwsplit-read'));
      }
      const o = await h.http(shop.url + '/orders', { method: 'POST', jar, form: { user_id: id, qty_4: '3' } });
      assert.equal(o.status, 303, o.text);
      const orderId = /placed=(\d+)/.exec(o.headers.get('location'))[1];
      for (let i = 0; i < 8; i++) {
        const r = await h.http(shop.url + o.headers.get('location'), { jar });
        assert.equal(r.status, 200);
        assert.match(r.text, new RegExp(`Thank you! Order #${orderId} is placed.`), `history load ${i}`);
        readers.add(r.headers.get('x-rwsplit-read'));
      }
      assert.ok(![...readers].some((x) => x.startsWith('replica1')), `replica1 served a read: ${[...readers]}`);
      // replica1 receives but does not apply: it must still be missing the order
      const onReplica1 = h.clusterCmd(env, 'sql', 'replica1',
        `SELECT COUNT(*) FROM ${env.RWS_TEST_DATABASE}.shop_orders WHERE id = ${orderId}`);
      assert.match(onReplica1, /\n0\s*$/, 'replica1 has not applied the order');
    } finally {
      h.clusterCmd(env, 'start-sql-thread', 'replica1');
      h.clusterCmd(env, 'wait-sync', '60');
    }
  });

function setDelay(seconds) {
  for (const r of ['replica1', 'replica2'])
    h.clusterCmd(env, 'sql', r, `STOP SLAVE; CHANGE MASTER TO MASTER_DELAY = ${seconds}; START SLAVE`);
}

test(`replicas ${DELAY_S} s behind: without the cookie the read misses the write, with it the read sees it`,
  { skip: !canBreak() && 'external servers: no fault injection' }, async () => {
    setDelay(DELAY_S);
    try {
      await waitFor('both replicas to lag and stay eligible', async () => {
        const st = (await h.http(shop.url + '/api/status')).json;
        return st.backends.filter((b) => b.role === 'replica')
          .every((b) => b.state === 'up' && b.lag_ms !== null && b.lag_ms >= 500);
      }, 20000);
      const jar = new h.CookieJar();
      const id = await signup(jar, 'Delayed Reader');
      // control: a browser without our cookie (another user) reads from a lagging replica
      const stale = await h.http(`${shop.url}/api/users/${id}`);
      assert.equal(stale.status, 404, 'without the token a replica that has not applied the sign-up answers');
      assert.equal(stale.json.status, 404);
      // with the cookie: at least as fresh as the sign-up, every time
      for (let i = 0; i < 4; i++) {
        const r = await h.http(`${shop.url}/users/${id}`, { jar });
        assert.equal(r.status, 200, `load ${i}`);
        assert.match(r.text, /Delayed Reader/);
        // the footer says how: the primary after the causal wait timed out, or a replica that
        // had applied the sign-up by then
        assert.match(r.text, /<span class="why">[^<]*read-your-writes/);
      }
      const o = await h.http(shop.url + '/orders', { method: 'POST', jar, form: { user_id: id, qty_7: '1' } });
      assert.equal(o.status, 303);
      const placed = new RegExp(`Thank you! Order #${/placed=(\d+)/.exec(o.headers.get('location'))[1]} is placed.`);
      const history = await h.http(shop.url + o.headers.get('location'), { jar });
      assert.match(history.text, placed);
      // control: the same page without the cookie comes from a replica that has not applied the
      // order yet (404 if it has not even applied the sign-up)
      const noCookie = await h.http(shop.url + o.headers.get('location'));
      assert.ok(noCookie.status === 404 || /is not visible here yet/.test(noCookie.text), noCookie.text);
      assert.doesNotMatch(noCookie.text, placed);
    } finally {
      setDelay(0);
      h.clusterCmd(env, 'wait-sync', '60');
    }
  });
