// /status: redraw the lag chart and the backends table from /api/status every two seconds.
'use strict';
(function () {
  const colors = ['#7a4b2a', '#2f81f7', '#1a7f37', '#bf3989', '#9a6700'];
  const svgNS = 'http://www.w3.org/2000/svg';
  const windowMs = 5 * 60 * 1000;

  function el(name, attrs, parent) {
    const e = document.createElementNS(svgNS, name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }

  function drawChart(data) {
    const box = document.getElementById('chart');
    const W = Math.max(box.clientWidth, 320), H = 220, L = 56, R = 10, T = 10, B = 24;
    const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img' });
    const now = data.now_ms, t0 = now - windowMs;
    let max = 100;
    for (const b of data.backends)
      for (const s of b.samples) if (s[1] !== null && s[1] > max) max = s[1];
    // a round top so that the four grid lines fall on round values
    let top = 100;
    for (let k = 0; top < max; k++) top = [200, 400, 800, 1000][k % 4] * 10 ** Math.floor(k / 4);
    max = top;
    const x = (t) => L + ((t - t0) / windowMs) * (W - L - R);
    const y = (v) => T + (1 - v / max) * (H - T - B);
    for (let i = 0; i <= 4; i++) {
      const v = (max * i) / 4;
      el('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'axis' }, svg);
      el('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'grid-label' }, svg)
        .textContent = v >= 1000 ? (v / 1000) + ' s' : Math.round(v) + ' ms';
    }
    for (let m = 0; m <= 5; m++)
      el('text', { x: x(t0 + m * 60000), y: H - 6, 'text-anchor': 'middle', class: 'grid-label' }, svg)
        .textContent = m === 5 ? 'now' : `-${5 - m} min`;
    data.backends.forEach((b, i) => {
      // A gap in the line where the lag was unknown (server down, replication stopped).
      let d = '', pen = false;
      for (const s of b.samples) {
        if (s[0] < t0 || s[1] === null) { pen = false; continue; }
        d += (pen ? 'L' : 'M') + x(s[0]).toFixed(1) + ' ' + y(Math.min(s[1], max)).toFixed(1);
        pen = true;
      }
      if (d) el('path', { d, fill: 'none', stroke: colors[i % colors.length], 'stroke-width': 2 }, svg);
    });
    box.replaceChildren(svg);
    const legend = document.getElementById('legend');
    legend.replaceChildren(...data.backends.map((b, i) => {
      const s = document.createElement('span');
      s.className = 'c' + (i % colors.length);
      s.textContent = `${b.name} (${b.role}): ${b.lag_ms === null ? 'lag unknown' : b.lag_ms + ' ms'}`;
      return s;
    }));
  }

  function cell(tr, text, cls) {
    const td = tr.insertCell();
    if (cls) td.className = cls;
    td.textContent = text;
    return td;
  }

  function drawTable(data) {
    const tbody = document.querySelector('#backends tbody');
    const rows = data.backends.map((b) => {
      const tr = document.createElement('tr');
      const name = cell(tr, '');
      const strong = document.createElement('b');
      strong.textContent = b.name;
      const addr = document.createElement('span');
      addr.className = 'muted';
      addr.textContent = b.address;
      name.append(strong, document.createElement('br'), addr);
      cell(tr, b.role);
      const st = cell(tr, '');
      const badge = document.createElement('span');
      badge.className = 'badge state-' + b.state;
      badge.textContent = b.state;
      st.append(badge);
      if (b.replicating === false) st.append(' (stopped)');
      cell(tr, b.lag_ms === null ? 'unknown' : b.lag_ms + ' ms', 'num');
      cell(tr, b.gtid, 'gtid');
      cell(tr, String(b.reads), 'num');
      cell(tr, String(b.writes), 'num');
      cell(tr, String(b.connects), 'num');
      cell(tr, String(b.errors), 'num');
      return tr;
    });
    tbody.replaceChildren(...rows);
  }

  async function refresh() {
    try {
      const r = await fetch('/api/status', { cache: 'no-store' });
      if (r.ok) {
        const data = await r.json();
        drawChart(data);
        drawTable(data);
        document.body.dataset.statusLoaded = '1';
      }
    } catch (e) {
      // the instance is restarting: try again at the next tick
    }
  }

  refresh();
  setInterval(refresh, 2000);
})();
