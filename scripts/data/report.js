// scripts/data/report.js: the only script of `lore report --html` pages,
// inlined and allowed by its hash (Content-Security-Policy). It reads no
// corpus data: tables sort on their cells' data-sort or text, the legend's
// switches toggle classes on <body>.
(function () {
  "use strict";

  // {================================================================
  // Sortable tables: click (or Enter on) a header; again to reverse
  // =================================================================

  function cellKey (row, idx) {
    var c = row.cells[idx];
    if (!c) return "";
    var v = c.getAttribute("data-sort");
    return v === null ? c.textContent.trim() : v;
  }

  function isNum (s) {
    return s !== "" && isFinite(Number(s));
  }

  function sortBy (th) {
    var table = th.closest("table");
    var tbody = table.tBodies[0];
    if (!tbody) return;
    var idx = Array.prototype.indexOf.call(th.parentNode.children, th);
    var asc = th.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(tbody.rows).map(function (r, i) {
      return {row: r, i: i, k: cellKey(r, idx)};
    });
    var numeric = rows.every(function (o) { return o.k === "" || isNum(o.k); });
    rows.sort(function (a, b) {
      var c;
      if (numeric) {
        var x = a.k === "" ? -Infinity : Number(a.k);
        var y = b.k === "" ? -Infinity : Number(b.k);
        c = x < y ? -1 : (x > y ? 1 : 0);
      } else {
        c = a.k.localeCompare(b.k, undefined, {sensitivity: "base", numeric: true});
      }
      if (!asc) c = -c;
      return c || (a.i - b.i);
    });
    rows.forEach(function (o) { tbody.appendChild(o.row); });
    Array.prototype.forEach.call(th.parentNode.children, function (h) {
      if (h !== th) h.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable thead th"), function (th) {
    th.tabIndex = 0;
    th.title = "sort";
    th.addEventListener("click", function () { sortBy(th); });
    th.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(th); }
    });
  });

  // }================================================================

  // {================================================================
  // Legend switches: <input type=checkbox data-off="CLASS"> puts CLASS
  // on <body> while unchecked (data-on: while checked)
  // =================================================================

  Array.prototype.forEach.call(document.querySelectorAll("input[data-off], input[data-on]"), function (cb) {
    function apply () {
      var off = cb.getAttribute("data-off"), on = cb.getAttribute("data-on");
      if (off) document.body.classList.toggle(off, !cb.checked);
      if (on) document.body.classList.toggle(on, cb.checked);
    }
    cb.addEventListener("change", apply);
    apply();
  });

  // }================================================================

  // {================================================================
  // Graph: hovering a node lights its edges
  // =================================================================

  Array.prototype.forEach.call(document.querySelectorAll("svg.graph g.node"), function (n) {
    var id = n.getAttribute("data-n");
    function lit (on) {
      Array.prototype.forEach.call(document.querySelectorAll("svg.graph line.edge"), function (e) {
        if (e.getAttribute("data-a") === id || e.getAttribute("data-b") === id) e.classList.toggle("lit", on);
      });
      n.classList.toggle("lit", on);
    }
    n.addEventListener("mouseenter", function () { lit(true); });
    n.addEventListener("mouseleave", function () { lit(false); });
  });

  // }================================================================
})();
