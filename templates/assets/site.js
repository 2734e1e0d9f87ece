// site.js: the small behaviours every page shares, loaded by the layout
// (a static file, so the CSP needs no 'unsafe-inline'; no fetch, so it
// works from file://). Text from the page is only read and compared, never
// parsed as HTML.
//   - table.list with a header row: click a header to sort (numbers and
//     sizes by value; again to reverse); tables with more than 8 rows get a
//     filter box that hides the rows not containing every typed word.
//   - button.copy[data-copy=id]: copies the text of element #id.
//   - #crawl: the target's crawl time (crawl.js), with a stale badge;
//   - time[data-age]: the stale badge, added when the crawl is older than
//     the page says is fresh.
(function () {
  'use strict';
  var units = { B: 1, KiB: 1024, MiB: 1048576, GiB: 1073741824, TiB: 1099511627776, PiB: 1125899906842624 };

  // sortKey reads a cell as a number ("1,234", "16.0 KiB", "~8") or, when
  // it is none, as lower-case text. "—" and empty cells sort first.
  function sortKey(td) {
    var t = (td ? td.textContent : '').trim();
    if (t === '' || t === '—') { return [0, -Infinity, '']; }
    var m = /^[~≈]?(-|−)?([0-9][0-9,]*(?:\.[0-9]+)?)\s*(B|KiB|MiB|GiB|TiB|PiB)?$/.exec(t);
    if (m) {
      var n = parseFloat(m[2].replace(/,/g, '')) * (m[3] ? units[m[3]] : 1);
      return [1, m[1] ? -n : n, ''];
    }
    return [2, 0, t.toLowerCase()];
  }

  function compare(a, b) {
    if (a[0] !== b[0]) { return a[0] - b[0]; }
    if (a[1] !== b[1]) { return a[1] < b[1] ? -1 : 1; }
    return a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0;
  }

  function sortable(table) {
    var head = table.tHead && table.tHead.rows[0];
    var body = table.tBodies[0];
    if (!head || !body || body.rows.length < 2) { return; }
    Array.prototype.forEach.call(head.cells, function (th, col) {
      if (th.colSpan > 1) { return; }
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'sort';
      while (th.firstChild) { b.appendChild(th.firstChild); }
      th.appendChild(b);
      th.setAttribute('aria-sort', 'none');
      b.addEventListener('click', function () {
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(head.cells, function (o) { if (o.hasAttribute('aria-sort')) { o.setAttribute('aria-sort', 'none'); } });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        var rows = Array.prototype.map.call(body.rows, function (r, i) { return [sortKey(r.cells[col]), i, r]; });
        rows.sort(function (x, y) { return (asc ? compare(x[0], y[0]) : compare(y[0], x[0])) || x[1] - y[1]; });
        rows.forEach(function (r) { body.appendChild(r[2]); });
      });
    });
  }

  var filters = 0;
  function filterable(table) {
    var body = table.tBodies[0];
    if (!body || body.rows.length <= 8) { return; }
    filters++;
    var box = document.createElement('div');
    box.className = 'filter';
    var input = document.createElement('input');
    input.type = 'search';
    input.id = 'filter-' + filters;
    input.placeholder = 'Filter ' + body.rows.length + ' rows';
    input.setAttribute('aria-label', 'Filter the rows of the table below');
    var count = document.createElement('span');
    count.className = 'note';
    count.setAttribute('aria-live', 'polite');
    box.appendChild(input);
    box.appendChild(count);
    table.parentNode.insertBefore(box, table);
    input.addEventListener('input', function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
      Array.prototype.forEach.call(body.rows, function (r) {
        var text = r.textContent.toLowerCase();
        var ok = words.every(function (w) { return text.indexOf(w) >= 0; });
        r.hidden = !ok;
        if (ok) { shown++; }
      });
      count.textContent = words.length ? shown + ' of ' + body.rows.length + ' rows' : '';
    });
  }

  function copyButton(b) {
    var src = document.getElementById(b.getAttribute('data-copy'));
    if (!src) { return; }
    b.hidden = false;
    b.addEventListener('click', function () {
      var text = src.textContent;
      function done(ok) {
        b.textContent = ok ? 'Copied' : 'Copy failed';
        window.setTimeout(function () { b.textContent = 'Copy'; }, 1500);
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallback(text)); });
      } else {
        done(fallback(text));
      }
    });
  }

  // fallback copies through a hidden text area (no clipboard API, e.g. an
  // old browser or a denied permission).
  function fallback(text) {
    var ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.className = 'offscreen';
    document.body.appendChild(ta);
    ta.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    document.body.removeChild(ta);
    return ok;
  }

  // stale marks a crawl time older than its data-age (hours) with a badge.
  function stale(t) {
    var at = Date.parse(t.getAttribute('datetime')), hours = Number(t.getAttribute('data-age'));
    if (isNaN(at) || !hours) { return; }
    var age = (Date.now() - at) / 3600000;
    if (age <= hours) { return; }
    var b = document.createElement('span');
    b.className = 'badge warn';
    b.textContent = 'stale: ' + (age < 48 ? Math.floor(age) + ' h' : Math.floor(age / 24) + ' days') + ' old';
    t.parentNode.insertBefore(b, t.nextSibling);
    t.parentNode.insertBefore(document.createTextNode(' '), b);
  }

  // crawl fills the footer's crawl line from crawl.js (the target's crawl
  // time and, when carried forward, why). A nightly crawl older than 36
  // hours is stale.
  function crawl() {
    var c = window.AURORADOC_CRAWL, p = document.getElementById('crawl');
    if (!c || !p) { return; }
    p.appendChild(document.createTextNode('Crawled '));
    var t = document.createElement('time');
    t.setAttribute('datetime', c.at);
    t.setAttribute('data-age', '36');
    t.textContent = c.text;
    p.appendChild(t);
    if (c.stale) {
      p.appendChild(document.createTextNode(' '));
      var b = document.createElement('span');
      b.className = 'badge warn';
      b.textContent = c.stale;
      p.appendChild(b);
    }
  }

  // focusable makes a box that scrolls sideways reachable by keyboard
  // (tabindex 0), so its hidden columns are not mouse-only.
  function focusable(el) {
    if (el.scrollWidth > el.clientWidth + 1 && !el.hasAttribute('tabindex')) {
      el.setAttribute('tabindex', '0');
    }
  }

  function init() {
    crawl();
    Array.prototype.forEach.call(document.querySelectorAll('main table.list'), function (t) {
      if (t.classList.contains('kv')) { return; }
      sortable(t);
      filterable(t);
    });
    Array.prototype.forEach.call(document.querySelectorAll('button.copy[data-copy]'), copyButton);
    Array.prototype.forEach.call(document.querySelectorAll('time[data-age]'), stale);
    Array.prototype.forEach.call(document.querySelectorAll('main table, main pre, main figure'), focusable);
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
