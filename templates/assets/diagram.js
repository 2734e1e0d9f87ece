// Pan and zoom for the full-size view of a diagram (templates/html/
// diagram.html): the SVG fills its frame and its viewBox says which part of
// the diagram is shown. Drag to move, wheel or the toolbar (+, −, Fit,
// 100 %) or the keys + - 0 to zoom. It opens with the diagram's width in
// view (at most at its natural size), so text is as large as on the schema
// page. No inline script or style (the CSP forbids them) and no fetch: it
// works from file://. A drag does not follow the link it started on; a
// click does.
(function () {
  "use strict";
  var fig = document.getElementById("er-view");
  var svg = fig && fig.querySelector("svg");
  if (!svg || !svg.viewBox || !svg.viewBox.baseVal || !svg.viewBox.baseVal.width) {
    return;
  }
  var b = svg.viewBox.baseVal;
  var full = { x: b.x, y: b.y, w: b.width, h: b.height };
  var view = { x: full.x, y: full.y, w: full.w, h: full.h };
  var natural = 4 / 3; // px per user unit (pt) at 100 %
  svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
  fig.classList.add("zoomable");

  function set(x, y, w, h) {
    view = { x: x, y: y, w: w, h: h };
    svg.setAttribute("viewBox", [x, y, w, h].map(function (v) { return Math.round(v * 100) / 100; }).join(" "));
    fig.setAttribute("data-scale", String(scale()));
  }
  function box() { return svg.getBoundingClientRect(); }
  // scale is the px per user unit of the current view.
  function scale() {
    var r = box();
    return Math.min(r.width / view.w, r.height / view.h);
  }
  // show places the diagram at s px per unit, its top (and its centre if
  // narrower than the frame) in view.
  function show(s) {
    var r = box();
    if (!(s > 0) || !r.width || !r.height) {
      return; // not laid out (hidden, or no size yet)
    }
    var w = r.width / s, h = r.height / s;
    set(full.x + Math.min(0, (full.w - w) / 2), full.y + Math.min(0, (full.h - h) / 2), w, h);
  }
  function fitWidth() { show(Math.min(natural, box().width / full.w)); }
  function fitAll() {
    var r = box();
    show(Math.min(natural, r.width / full.w, r.height / full.h));
  }
  // zoom scales by f around the client point (cx, cy).
  function zoom(f, cx, cy) {
    var r = box(), s = scale();
    if (!(s > 0)) {
      return;
    }
    var ux = view.x + (cx - r.left - (r.width - view.w * s) / 2) / s;
    var uy = view.y + (cy - r.top - (r.height - view.h * s) / 2) / s;
    set(ux - (ux - view.x) / f, uy - (uy - view.y) / f, view.w / f, view.h / f);
  }
  function zoomCentre(f) {
    var r = box();
    zoom(f, r.left + r.width / 2, r.top + r.height / 2);
  }

  var actions = {
    "in": function () { zoomCentre(1.25); },
    "out": function () { zoomCentre(0.8); },
    "fit": fitAll,
    "actual": function () { show(natural); }
  };
  document.querySelectorAll("[data-zoom]").forEach(function (button) {
    button.addEventListener("click", function () { actions[button.getAttribute("data-zoom")](); });
  });
  fig.addEventListener("wheel", function (e) {
    e.preventDefault();
    zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX, e.clientY);
  }, { passive: false });
  document.addEventListener("keydown", function (e) {
    if (e.target && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName)) {
      return;
    }
    if (e.key === "+" || e.key === "=") { actions["in"](); }
    if (e.key === "-") { actions.out(); }
    if (e.key === "0") { actions.fit(); }
  });

  var drag = null, moved = false;
  fig.addEventListener("pointerdown", function (e) {
    if (e.button !== 0) {
      return;
    }
    drag = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y, s: scale(), id: e.pointerId };
    moved = false;
  });
  fig.addEventListener("pointermove", function (e) {
    if (!drag) {
      return;
    }
    var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!moved && Math.abs(dx) + Math.abs(dy) < 4) {
      return;
    }
    if (!moved) {
      moved = true;
      fig.setPointerCapture(drag.id);
      fig.classList.add("dragging");
    }
    set(drag.vx - dx / drag.s, drag.vy - dy / drag.s, view.w, view.h);
  });
  function end() {
    drag = null;
    fig.classList.remove("dragging");
  }
  fig.addEventListener("pointerup", end);
  fig.addEventListener("pointercancel", end);
  // A drag that ends on a link does not follow it.
  fig.addEventListener("click", function (e) {
    if (moved) {
      e.preventDefault();
      moved = false;
    }
  }, true);

  fitWidth();
  window.addEventListener("resize", function () {
    var s = scale(), r = box();
    if (s > 0 && r.width && r.height) {
      set(view.x, view.y, r.width / s, r.height / s);
    }
  });
}());
