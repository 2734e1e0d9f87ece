// Client-side fleet search. search-index.js (window.AURORADOC_INDEX) lists
// one shard per database; the shards are loaded with <script> elements
// (fetch does not work from file://) once there is something to search
// for, a few at a time, and results grow as they arrive. Each shard calls
// window.AURORADOC_SHARD with its entries. Results are built with DOM APIs
// and textContent only: nothing from the index is ever parsed as HTML.
(function () {
  "use strict";
  var index = window.AURORADOC_INDEX || { shards: [], count: 0 };
  var shards = index.shards || [];
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("status");
  var kinds = ["table", "view", "column", "schema", "database"];
  var max = 200, parallel = 6;
  var loaded = []; // per shard: its items [kind, name, context, comment, url], or null
  var started = false, pending = 0, next = 0, done = 0, failed = 0;
  var query = "", hits = [], scheduled = false;

  // expand turns a shard into flat items (see site/search.go).
  function expand(s) {
    var items = [[4, s.t, s.d[0], "", s.d[1]]];
    for (var i = 0; i < s.s.length; i++) {
      var sc = s.s[i], where = s.t + " \u203a " + sc[0];
      items.push([3, sc[0], s.t, "", sc[1]]);
      for (var j = 0; j < sc[2].length; j++) {
        var t = sc[2][j];
        items.push([t[0], t[1], where, t[2], t[3]]);
        for (var k = 0; k < t[4].length; k++) {
          items.push([2, t[4][k][0], where + "." + t[1], t[4][k][1], t[3]]);
        }
      }
    }
    return items;
  }

  function match(items, shard, q, out) {
    for (var i = 0; i < items.length; i++) {
      var it = items[i];
      var name = it[1].toLowerCase(), comment = (it[3] || "").toLowerCase();
      var score = name === q ? 0 : name.indexOf(q) === 0 ? 1 : name.indexOf(q) >= 0 ? 2 : comment.indexOf(q) >= 0 ? 3 : -1;
      if (score >= 0) out.push([score, shard, i]);
    }
  }

  function loadMore() {
    while (pending < parallel && next < shards.length) {
      (function (n) {
        var s = document.createElement("script");
        pending++;
        s.src = shards[n][0];
        s.onload = s.onerror = function (ev) {
          pending--;
          if (ev.type === "error") failed++;
          done++;
          s.parentNode.removeChild(s); // the page keeps only its own scripts
          loaded[n] = s.auroradocShard ? expand(s.auroradocShard) : [];
          if (query) { match(loaded[n], n, query, hits); schedule(); } else { show(); }
          loadMore();
        };
        document.head.appendChild(s);
      })(next++);
    }
  }
  // Shards run in the order they arrive: each hands its data to the
  // script element that loaded it.
  window.AURORADOC_SHARD = function (data) {
    if (document.currentScript) document.currentScript.auroradocShard = data;
  };

  function start() {
    if (started) return;
    started = true;
    loadMore();
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    window.setTimeout(function () { scheduled = false; show(); }, 0);
  }

  function search(q) {
    query = q.trim().toLowerCase();
    hits = [];
    if (query) {
      start();
      for (var n = 0; n < loaded.length; n++) {
        if (loaded[n]) match(loaded[n], n, query, hits);
      }
    }
    show();
  }

  function show() {
    while (list.firstChild) list.removeChild(list.firstChild);
    var loading = started && done < shards.length;
    status.dataset.state = loading ? "loading" : "done";
    var more = loading ? " (searched " + done + " of " + shards.length + " databases…)" : "";
    if (failed) more += " (" + failed + " could not be loaded)";
    if (!query) { status.textContent = index.count + " entries indexed in " + shards.length + " databases." + more; return; }
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    status.textContent = hits.length + " result" + (hits.length === 1 ? "" : "s") + (hits.length > max ? " (first " + max + " shown)" : "") + more;
    for (var j = 0; j < hits.length && j < max; j++) {
      var e = loaded[hits[j][1]][hits[j][2]];
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = kinds[e[0]] || "";
      var a = document.createElement("a");
      a.href = e[4];
      a.textContent = e[1];
      var ctx = document.createElement("span");
      ctx.className = "ctx";
      ctx.textContent = e[2];
      li.appendChild(kind); li.appendChild(a); li.appendChild(ctx);
      if (e[3]) {
        var c = document.createElement("div");
        c.className = "comment";
        c.textContent = e[3];
        li.appendChild(c);
      }
      list.appendChild(li);
    }
  }

  var q = new URLSearchParams(window.location.search).get("q") || "";
  input.value = q;
  input.addEventListener("input", function () { search(input.value); });
  input.addEventListener("focus", start);
  search(q);
})();
