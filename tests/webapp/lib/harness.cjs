// Shared helpers of the web application's tests: the cluster's env file, a configuration file
// written from it, the app started on a free port (and always stopped by its PID), nginx in
// front of two instances, the cluster's fault helpers, and HTTP with a small cookie jar.
'use strict';
const assert = require('node:assert/strict');
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');

/** The KEY=value lines of the cluster's env file (RWS_TEST_ENV_FILE). */
function clusterEnv() {
  const file = process.env.RWS_TEST_ENV_FILE;
  if (process.env.RWS_TEST_PRIMARY) {
    // external servers named in the environment (see README.md)
    const keys = ['RWS_TEST_PRIMARY', 'RWS_TEST_REPLICAS', 'RWS_TEST_USER', 'RWS_TEST_PASSWORD',
      'RWS_TEST_DATABASE'];
    return Object.fromEntries(keys.map((k) => [k, process.env[k] || '']));
  }
  assert.ok(file, 'RWS_TEST_ENV_FILE is not set (run through ctest)');
  assert.ok(fs.existsSync(file), `${file} does not exist: is the test cluster running?`);
  const env = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}

/** A fresh private directory for one test file's files (config, logs, nginx). */
function workDir(name) {
  const base = process.env.RWS_SHOP_WORKDIR || os.tmpdir();
  fs.mkdirSync(base, { recursive: true });
  return fs.mkdtempSync(path.join(base, `${name}-`));
}

function splitHostPort(hp) {
  const i = hp.lastIndexOf(':');
  return { host: hp.slice(0, i), port: Number(hp.slice(i + 1)) };
}

/** Write a librwsplit configuration for the cluster (mode 600: it holds a password). */
function writeConfig(env, dir, extra = {}) {
  const p = splitHostPort(env.RWS_TEST_PRIMARY);
  const replicas = env.RWS_TEST_REPLICAS ? env.RWS_TEST_REPLICAS.split(',') : [];
  const q = (s) => JSON.stringify(String(s)); // libconfig strings use C escapes, like JSON
  const lines = [
    `user = ${q(env.RWS_TEST_USER)};`,
    `password = ${q(env.RWS_TEST_PASSWORD)};`,
    `database = ${q(env.RWS_TEST_DATABASE)};`,
    `primary = { name = "primary"; host = ${q(p.host)}; port = ${p.port}; };`,
    `replicas = (${replicas.map((r, i) => {
      const h = splitHostPort(r);
      return `{ name = "replica${i + 1}"; host = ${q(h.host)}; port = ${h.port}; }`;
    }).join(', ')});`,
    'monitor_interval_ms = 200;',
    'connect_timeout_ms = 1000;',
  ];
  for (const [k, v] of Object.entries(extra)) lines.push(`${k} = ${typeof v === 'string' ? q(v) : v};`);
  const file = path.join(dir, 'rwsplit.conf');
  fs.writeFileSync(file, lines.join('\n') + '\n', { mode: 0o600 });
  return file;
}

/** The built binary (RWS_SHOP_BIN, set by ctest). */
function shopBinary() {
  const bin = process.env.RWS_SHOP_BIN;
  assert.ok(bin && fs.existsSync(bin), `RWS_SHOP_BIN (${bin}) is not the built rwsplit-shop`);
  return bin;
}

/**
 * Start rwsplit-shop on 127.0.0.1 (port 0 by default: the kernel picks a free one) and wait for
 * its "listening on" line. Returns { url, port, pid, instance, logs(), stop() }; stop() sends
 * SIGTERM to that PID, waits, and returns the exit code (SIGKILL after 15 s).
 */
async function startShop({ config, instance, port = 0, args = [] }) {
  const child = spawn(shopBinary(), ['-c', config, '--listen', `127.0.0.1:${port}`,
    '--instance', instance, '--threads', '4', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, sig) => resolve(code ?? `signal ${sig}`)));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`rwsplit-shop did not start in 30 s:\n${err}`)), 30000);
    child.stdout.on('data', () => {
      const m = /listening on (http:\/\/[^ ]+\/)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
    });
    exited.then((code) => { clearTimeout(timer); reject(new Error(`rwsplit-shop exited (${code}):\n${err}`)); });
  });
  let stopped = null;
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid,
    instance,
    logs: () => err,
    stop() {
      if (stopped) return stopped;
      stopped = (async () => {
        if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGTERM');
        const timer = setTimeout(() => { try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ } }, 15000);
        const code = await exited;
        clearTimeout(timer);
        return code;
      })();
      return stopped;
    },
  };
}

/** A TCP port nobody listens on now (for nginx, which cannot report the one it got). */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/**
 * nginx as our own process (never the system service): a generated config under dir, -p/-c,
 * its own pid and log files, daemon off, round robin over the given upstream ports.
 */
async function startNginx(dir, upstreamPorts) {
  const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));
  if (!nginx) return null;
  const port = await freePort();
  const prefix = path.join(dir, 'nginx');
  fs.mkdirSync(path.join(prefix, 'logs'), { recursive: true });
  fs.mkdirSync(path.join(prefix, 'tmp'), { recursive: true });
  const conf = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(conf, nginxConfig(prefix, port, upstreamPorts));
  const child = spawn(nginx, ['-p', prefix, '-c', conf, '-e', path.join(prefix, 'logs/error.log')],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, sig) => resolve(code ?? `signal ${sig}`)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { await fetch(url + '/api/status'); break; } catch {
      if (i > 100 || child.exitCode !== null) throw new Error(`nginx did not start:\n${err}`);
      await sleep(100);
    }
  }
  return {
    url,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGQUIT');
      const timer = setTimeout(() => { try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ } }, 10000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

function nginxConfig(prefix, port, upstreamPorts) {
  const t = (d) => path.join(prefix, 'tmp', d);
  return `# generated by tests/webapp/lib/harness.cjs
daemon off;
master_process on;
worker_processes 1;
pid ${path.join(prefix, 'nginx.pid')};
error_log ${path.join(prefix, 'logs/error.log')} warn;
events { worker_connections 256; }
http {
  access_log ${path.join(prefix, 'logs/access.log')};
  client_body_temp_path ${t('body')};
  proxy_temp_path ${t('proxy')};
  fastcgi_temp_path ${t('fastcgi')};
  uwsgi_temp_path ${t('uwsgi')};
  scgi_temp_path ${t('scgi')};
  upstream shop { ${upstreamPorts.map((p) => `server 127.0.0.1:${p};`).join(' ')} }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://shop;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
    }
  }
}
`;
}

/** Run a fault helper of the cluster script; null when the cluster is not ours to break. */
function clusterCmd(env, ...args) {
  if (!env.RWS_TEST_CLUSTER_SCRIPT || !env.RWS_TEST_CLUSTER_DIR) return null;
  return execFileSync(env.RWS_TEST_CLUSTER_SCRIPT, ['--dir', env.RWS_TEST_CLUSTER_DIR, ...args],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Cookies as a browser keeps them (name -> value), enough for our two cookies. */
class CookieJar {
  constructor() { this.cookies = new Map(); }
  header() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  take(res) {
    const all = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie()
      : (res.headers.get('set-cookie') || '').split(/,(?=\s*[A-Za-z_]+=)/);
    for (const c of all) {
      const m = /^\s*([^=;]+)=([^;]*)/.exec(c);
      if (!m) continue;
      if (/max-age=0\b/i.test(c)) this.cookies.delete(m[1]); else this.cookies.set(m[1], m[2]);
    }
  }
  get(name) { return this.cookies.get(name); }
}

/** One HTTP request; never follows redirects. Returns { status, headers, text, json }. */
async function http(url, { method = 'GET', headers = {}, body, jar, form, json } = {}) {
  const h = { ...headers };
  if (jar && jar.cookies.size) h.cookie = jar.header();
  if (form !== undefined) {
    h['content-type'] = 'application/x-www-form-urlencoded';
    body = typeof form === 'string' ? form : new URLSearchParams(form).toString();
  }
  if (json !== undefined) {
    h['content-type'] = 'application/json';
    body = typeof json === 'string' ? json : JSON.stringify(json);
  }
  const res = await fetch(url, { method, headers: h, body, redirect: 'manual' });
  if (jar) jar.take(res);
  const text = await res.text();
  let parsed;
  if ((res.headers.get('content-type') || '').startsWith('application/json')) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, text, json: parsed };
}

/** A unique e-mail address for this run. */
function uniqueEmail(tag) {
  return `${tag}-${process.pid}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

module.exports = {
  clusterEnv, workDir, writeConfig, startShop, startNginx, clusterCmd, sleep, CookieJar, http,
  uniqueEmail, freePort,
};
