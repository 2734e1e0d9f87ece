// Client-side fleet search over search-index.js (window.AURORADOC_INDEX).
// Results are built with DOM APIs and textContent only: nothing from the
// index is ever parsed as HTML.
(function () {
  "use strict";
  var index = window.AURORADOC_INDEX || { items: [] };
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("status");
  var kinds = ["table", "view", "column", "schema", "database"];
  var max = 200;

  function search(q) {
    q = q.trim().toLowerCase();
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!q) { status.textContent = index.items.length + " entries indexed."; return; }
    var hits = [];
    for (var i = 0; i < index.items.length; i++) {
      var it = index.items[i]; // [kind, name, context, comment, url]
      var name = it[1].toLowerCase(), comment = (it[3] || "").toLowerCase();
      var score = name === q ? 0 : name.indexOf(q) === 0 ? 1 : name.indexOf(q) >= 0 ? 2 : comment.indexOf(q) >= 0 ? 3 : -1;
      if (score >= 0) hits.push([score, i]);
    }
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    status.textContent = hits.length + " result" + (hits.length === 1 ? "" : "s") + (hits.length > max ? " (first " + max + " shown)" : "");
    for (var j = 0; j < hits.length && j < max; j++) {
      var e = index.items[hits[j][1]];
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
  search(q);
})();
