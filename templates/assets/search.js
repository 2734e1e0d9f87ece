// Client-side fleet search. search-index.js (window.AURORADOC_INDEX) lists
// one shard per database; the shards are loaded with <script> elements
// (fetch does not work from file://) once there is something to search
// for, a few at a time, and results grow as they arrive. Each shard calls
// window.AURORADOC_SHARD with its entries. Results are built with DOM APIs
// and textContent only: nothing from the index is ever parsed as HTML.
//
// A query is one or more words; every word must match (name, qualified
// name or comment). A word with a dot matches qualified names:
// "shop.customer" (schema.table), "customer.email" (table.column),
// "shop.customer.email". Matches are highlighted. The database filter
// (?db=<name>) loads and searches one database only. Column results jump
// to the column's row on the table page.
(function () {
  "use strict";
  var index = window.AURORADOC_INDEX || { shards: [], count: 0 };
  var shards = index.shards || [];
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("status");
  var dbSelect = document.getElementById("db");
  var kinds = ["table", "view", "column", "schema", "database"];
  var max = 200, parallel = 6;
  var loaded = []; // per shard: its items, or null
  var requested = [], started = false, pending = 0, failed = 0;
  var query = "", words = [], hits = [], scheduled = false, db = -1;

  // dbName is a shard's database: its URL is t/<name>/search.js?v=….
  function dbName(n) {
    var u = shards[n][0].replace(/\?.*$/, "");
    return u.replace(/^t\//, "").replace(/\/search\.js$/, "");
  }

  // expand turns a shard into flat items: [kind, name, context, comment,
  // url, qualified name (lower case)].
  function expand(s) {
    var items = [];
    function add(kind, name, ctx, comment, url, qual) {
      var q = qual.toLowerCase();
      items.push([kind, name, ctx, comment || "", url, q]);
    }
    add(4, s.t, s.d[0], "", s.d[1], s.t);
    for (var i = 0; i < s.s.length; i++) {
      var sc = s.s[i], where = s.t + " \u203a " + sc[0];
      add(3, sc[0], s.t, "", sc[1], sc[0]);
      for (var j = 0; j < sc[2].length; j++) {
        var t = sc[2][j];
        add(t[0], t[1], where, t[2], t[3], sc[0] + "." + t[1]);
        for (var k = 0; k < t[4].length; k++) {
          var c = t[4][k];
          add(2, c[0], where + "." + t[1], c[1], t[3] + "#col-" + (c[2] || c[0]), sc[0] + "." + t[1] + "." + c[0]);
        }
      }
    }
    return items;
  }

  // score ranks an item for the words, lower is better; -1: no match.
  function score(it) {
    var name = it[1].toLowerCase(), best = 4;
    for (var w = 0; w < words.length; w++) {
      var q = words[w], s;
      if (q.indexOf(".") >= 0) {
        // Dotted: the qualified name ends with it (best) or holds it.
        var qual = it[5];
        if (qual === q || qual.slice(-q.length - 1) === "." + q) { s = 0; } else if (qual.indexOf(q) >= 0) { s = 2; } else { return -1; }
      } else if (name === q) {
        s = 0;
      } else if (name.indexOf(q) === 0) {
        s = 1;
      } else if (name.indexOf(q) >= 0) {
        s = 2;
      } else if (it[3].toLowerCase().indexOf(q) >= 0) {
        s = 3;
      } else if (words.length > 1 && it[5].indexOf(q) >= 0) {
        // With several words, a word may name the schema or table of the
        // item ("customer email"); alone it would list every column.
        s = 4;
      } else {
        return -1;
      }
      best = Math.min(best, s);
    }
    return best;
  }

  function match(items, shard, out) {
    if (db >= 0 && shard !== db) { return; }
    for (var i = 0; i < items.length; i++) {
      var s = score(items[i]);
      if (s >= 0) out.push([s, shard, i]);
    }
  }

  function relevant(n) { return db < 0 || n === db; }

  // pump requests the relevant shards not requested yet, a few at a time.
  function pump() {
    for (var n = 0; n < shards.length && pending < parallel; n++) {
      if (requested[n] || !relevant(n)) continue;
      requested[n] = true;
      loadOne(n);
    }
  }

  function loadOne(n) {
    var s = document.createElement("script");
    pending++;
    s.src = shards[n][0];
    s.onload = s.onerror = function (ev) {
      pending--;
      if (ev.type === "error") failed++;
      s.parentNode.removeChild(s); // the page keeps only its own scripts
      loaded[n] = s.auroradocShard ? expand(s.auroradocShard) : [];
      if (query) { match(loaded[n], n, hits); schedule(); } else { show(); }
      pump();
    };
    document.head.appendChild(s);
  }
  // Shards run in the order they arrive: each hands its data to the
  // script element that loaded it.
  window.AURORADOC_SHARD = function (data) {
    if (document.currentScript) document.currentScript.auroradocShard = data;
  };

  function start() {
    if (started) return;
    started = true;
    pump();
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    window.setTimeout(function () { scheduled = false; show(); }, 0);
  }

  function search(q) {
    query = q.trim().toLowerCase();
    words = query.split(/\s+/).filter(Boolean);
    hits = [];
    if (query) {
      start();
      for (var n = 0; n < loaded.length; n++) {
        if (loaded[n]) match(loaded[n], n, hits);
      }
    }
    show();
  }

  // highlight appends text to parent with every occurrence of the words
  // (case-insensitive) in <mark> elements.
  function highlight(parent, text) {
    var lower = text.toLowerCase(), marks = [];
    words.forEach(function (w) {
      var parts = w.indexOf(".") >= 0 ? w.split(".").filter(Boolean) : [w];
      parts.forEach(function (p) {
        for (var i = lower.indexOf(p); i >= 0; i = lower.indexOf(p, i + p.length)) { marks.push([i, i + p.length]); }
      });
    });
    marks.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var pos = 0;
    marks.forEach(function (m) {
      if (m[0] < pos) { if (m[1] > pos) { m[0] = pos; } else { return; } }
      if (m[0] > pos) parent.appendChild(document.createTextNode(text.slice(pos, m[0])));
      var mk = document.createElement("mark");
      mk.textContent = text.slice(m[0], m[1]);
      parent.appendChild(mk);
      pos = m[1];
    });
    if (pos < text.length) parent.appendChild(document.createTextNode(text.slice(pos)));
  }

  function show() {
    while (list.firstChild) list.removeChild(list.firstChild);
    var scope = 0, done = 0;
    for (var n = 0; n < shards.length; n++) {
      if (relevant(n)) { scope++; if (loaded[n]) done++; }
    }
    var loading = started && done < scope;
    status.dataset.state = loading ? "loading" : "done";
    var more = loading ? " (searched " + done + " of " + scope + " databases…)" : "";
    if (failed) more += " (" + failed + " could not be loaded)";
    if (!query) { status.textContent = index.count + " entries indexed in " + shards.length + " databases." + more; return; }
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    status.textContent = hits.length + " result" + (hits.length === 1 ? "" : "s") + (hits.length > max ? " (first " + max + " shown)" : "") +
      (db >= 0 ? " in " + dbName(db) : scope > 1 ? " in " + scope + " databases" : "") + more;
    for (var j = 0; j < hits.length && j < max; j++) {
      var e = loaded[hits[j][1]][hits[j][2]];
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = kinds[e[0]] || "";
      var a = document.createElement("a");
      a.href = e[4];
      highlight(a, e[1]);
      var ctx = document.createElement("span");
      ctx.className = "ctx";
      highlight(ctx, e[2]);
      li.appendChild(kind); li.appendChild(a); li.appendChild(ctx);
      if (e[3]) {
        var c = document.createElement("div");
        c.className = "comment";
        highlight(c, e[3]);
        li.appendChild(c);
      }
      list.appendChild(li);
    }
  }

  // The database filter lists every shard's database.
  var params = new URLSearchParams(window.location.search);
  if (dbSelect) {
    var names = shards.map(function (s, n) { return [dbName(n), n]; });
    names.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; });
    names.forEach(function (x) {
      var o = document.createElement("option");
      o.value = x[0];
      o.textContent = x[0];
      dbSelect.appendChild(o);
      if (x[0] === params.get("db")) { db = x[1]; o.selected = true; }
    });
    dbSelect.addEventListener("change", function () {
      db = -1;
      for (var n = 0; n < shards.length; n++) { if (dbName(n) === dbSelect.value) { db = n; } }
      var u = new URLSearchParams(window.location.search);
      if (dbSelect.value) { u.set("db", dbSelect.value); } else { u.delete("db"); }
      if (input.value) { u.set("q", input.value); }
      try { window.history.replaceState(null, "", "?" + u.toString()); } catch (err) { /* not allowed here: the filter still works */ }
      if (started) { pump(); }
      search(input.value);
    });
  }

  var q = params.get("q") || "";
  input.value = q;
  input.addEventListener("input", function () { search(input.value); });
  input.addEventListener("focus", start);
  search(q);
})();
