// drift.js: "compare two nights" on drift/t/<target>/compare.html.
// data.js (loaded first) assigns the target's history as change events to
// window.AURORADOC_DRIFT; this script rebuilds the state of both chosen
// nights and lists what differs. Text is only ever set through
// textContent, never parsed as HTML.
(function () {
  'use strict';
  var D = window.AURORADOC_DRIFT;
  var from = document.getElementById('drift-from');
  var to = document.getElementById('drift-to');
  var out = document.getElementById('drift-result');
  if (!D || !from || !to || !out) { return; }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  // valueAt returns the value of [night, value] events at night n:
  // undefined before the first event, null once unset.
  function valueAt(events, n) {
    var v;
    for (var i = 0; i < events.length && events[i][0] <= n; i++) { v = events[i][1]; }
    return v;
  }

  // sizeAt returns [bytes, rows] of a table at night n (the newest size
  // point not after n), or null.
  function sizeAt(points, n) {
    var pos = -1;
    for (var i = 0; i < D.sizeNights.length && D.sizeNights[i] <= n; i++) { pos = i; }
    var v = null;
    for (var j = 0; j < points.length && points[j][0] <= pos; j++) {
      v = points[j][1] === null ? null : [points[j][1], points[j][2]];
    }
    return v;
  }

  function show(v) { return v === undefined || v === null ? '—' : v; }

  function human(n) {
    var neg = n < 0, u = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'], i = 0;
    n = Math.abs(n);
    while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
    return (neg ? '−' : '') + (i === 0 ? String(n) : n.toFixed(1)) + ' ' + u[i];
  }

  function table(head, rows) {
    var t = el('table', null, 'list'), th = el('thead'), tr = el('tr');
    head.forEach(function (h) { tr.appendChild(el('th', h)); });
    th.appendChild(tr);
    t.appendChild(th);
    var tb = el('tbody');
    rows.forEach(function (r) {
      var row = el('tr');
      r.forEach(function (c, i) {
        var td = el('td');
        td.appendChild(i === 0 ? el('code', c) : el('span', c));
        row.appendChild(td);
      });
      tb.appendChild(row);
    });
    t.appendChild(tb);
    return t;
  }

  function section(title, content, empty) {
    var s = el('section');
    s.appendChild(el('h2', title));
    s.appendChild(content || el('p', empty, 'note'));
    return s;
  }

  function diffValues(map, a, b) {
    var rows = [];
    Object.keys(map).sort().forEach(function (k) {
      var va = valueAt(map[k], a), vb = valueAt(map[k], b);
      if (show(va) !== show(vb)) { rows.push([k, show(va), show(vb)]); }
    });
    return rows;
  }

  // diff colours a unified diff line by line (as the schema changelog
  // pages do, without the word marks).
  function diff(text) {
    var pre = el('pre', null, 'diff');
    text.replace(/\n$/, '').split('\n').forEach(function (l) {
      var c = /^(---|\+\+\+) /.test(l) ? 'file' : l.indexOf('@@') === 0 ? 'hunk' : l[0] === '+' ? 'add' : l[0] === '-' ? 'del' : 'ctx';
      pre.appendChild(el('span', l, 'dl ' + c));
    });
    return pre;
  }

  function render() {
    var a = Number(from.value), b = Number(to.value);
    out.textContent = '';
    var reversed = a > b;
    var lo = Math.min(a, b), hi = Math.max(a, b);
    out.appendChild(el('p', D.target + ': ' + D.nights[a][1] + ' (' + D.nights[a][2] + ') → ' +
      D.nights[b][1] + ' (' + D.nights[b][2] + ')' + (reversed ? ' — backwards in time' : ''), 'summary'));
    if (a === b) { out.appendChild(el('p', 'The same night: nothing to compare.', 'note')); return; }

    var ea = valueAt(D.engine, a), eb = valueAt(D.engine, b);
    out.appendChild(section('Engine', show(ea) !== show(eb) ? table(['', 'From', 'To'], [['version', show(ea), show(eb)]]) : null, 'Unchanged: ' + show(eb)));

    var p = diffValues(D.params, a, b);
    out.appendChild(section('Parameters (' + p.length + ')', p.length ? table(['Parameter', 'From', 'To'], p) : null, 'No parameter differs.'));
    var v = diffValues(D.vars, a, b);
    out.appendChild(section('Variables (' + v.length + ')', v.length ? table(['Variable', 'From', 'To'], v) : null, 'No variable differs.'));

    var s = [];
    D.tables.forEach(function (t) {
      var sa = sizeAt(t[2], a), sb = sizeAt(t[2], b);
      var ba = sa ? sa[0] : null, bb = sb ? sb[0] : null;
      if (ba === bb) { return; }
      s.push([t[0] + '.' + t[1], ba === null ? '—' : human(ba), bb === null ? '—' : human(bb),
        ba === null || bb === null ? '' : (bb >= ba ? '+' : '') + human(bb - ba)]);
    });
    out.appendChild(section('Table sizes (' + s.length + ')', s.length ? table(['Table', 'From', 'To', 'Change'], s) : null, 'No size differs at the size points.'));

    var list = el('ul', null, 'drift-changelog'), n = 0;
    D.findings.forEach(function (f) {
      if (f[0] <= lo || f[0] > hi) { return; }
      n++;
      var li = el('li');
      li.appendChild(el('span', D.nights[f[0]][1], 'when'));
      li.appendChild(document.createTextNode(' '));
      li.appendChild(el('span', f[1], 'badge kind'));
      li.appendChild(document.createTextNode(' ' + f[2] + ' '));
      li.appendChild(el('code', f[3]));
      if (f[4]) { li.appendChild(el('span', ' ' + f[4], 'note')); }
      if (f[5] || f[6]) {
        li.appendChild(document.createTextNode(': '));
        li.appendChild(f[5] ? el('code', f[5]) : f[1] === 'added' ? el('span', 'new', 'badge new') : el('span', '—', 'note'));
        li.appendChild(document.createTextNode(' → '));
        li.appendChild(f[6] ? el('code', f[6]) : f[1] === 'removed' ? el('span', 'dropped', 'badge dropped') : el('span', '—', 'note'));
      }
      if (f[8]) { li.appendChild(diff(f[8])); }
      list.appendChild(li);
    });
    out.appendChild(section('Schema changes in between (' + n + ')', n ? list : null, 'No schema change in between.'));
  }

  // The chosen nights are kept in the URL (#from=<set>&to=<set>), so a
  // comparison can be bookmarked and shared; replaceState works from
  // file:// too.
  function nightIndex(set) {
    for (var i = 0; i < D.nights.length; i++) { if (D.nights[i][0] === set) { return i; } }
    return -1;
  }
  function fromURL() {
    var q = new URLSearchParams(window.location.hash.replace(/^#/, ''));
    var a = nightIndex(q.get('from')), b = nightIndex(q.get('to'));
    if (a >= 0) { from.value = String(a); }
    if (b >= 0) { to.value = String(b); }
  }
  function toURL() {
    var q = new URLSearchParams();
    q.set('from', D.nights[Number(from.value)][0]);
    q.set('to', D.nights[Number(to.value)][0]);
    try { window.history.replaceState(null, '', '#' + q.toString()); } catch (e) { window.location.hash = q.toString(); }
  }
  function changed() { toURL(); render(); }

  from.addEventListener('change', changed);
  to.addEventListener('change', changed);
  window.addEventListener('hashchange', function () { fromURL(); render(); });
  fromURL();
  render();
}());
