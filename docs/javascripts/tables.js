// Sort and filter the generated data tables, offline: no library, no network.
// Tables marked data-sortable get click-to-sort headers (type from the schema, th[data-type])
// and a filter box that hides rows not containing the typed text. Tables whose columns do not
// all fit start compact: the key columns (th[data-key]) show, a button shows the rest.
(function () {
  "use strict";

  function cellValue(row, index, type) {
    var cell = row.cells[index];
    var text = cell ? cell.textContent.trim() : "";
    if (text === "") return null;
    if (type === "integer" || type === "number") {
      var n = parseFloat(text);
      return isNaN(n) ? text : n;
    }
    return text;
  }

  function sortBy(table, th, index) {
    var type = th.getAttribute("data-type") || "string";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th[aria-sort]").forEach(function (other) {
      other.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index, type);
      var y = cellValue(b, index, type);
      if (x === y) return 0;
      if (x === null) return 1; // empty cells last, whichever the direction
      if (y === null) return -1;
      var order = typeof x === "number" && typeof y === "number"
        ? x - y
        : String(x).localeCompare(String(y), undefined, { numeric: true });
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function addFilter(table) {
    var wrap = table.closest(".sg-scroll") || table;
    var box = document.createElement("div");
    box.className = "sg-filter";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "Filter rows…";
    input.setAttribute("aria-label", "Filter the rows of this table");
    var count = document.createElement("span");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    count.textContent = rows.length + " rows";
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var hit = !needle || row.textContent.toLowerCase().indexOf(needle) !== -1;
        row.hidden = !hit;
        if (hit) shown += 1;
      });
      count.textContent = needle ? shown + " of " + rows.length + " rows" : rows.length + " rows";
    });
    box.appendChild(input);
    box.appendChild(count);
    var more = parseInt(table.getAttribute("data-more") || "0", 10);
    if (more > 0) box.appendChild(columnsButton(table, wrap, more));
    wrap.parentNode.insertBefore(box, wrap);
  }

  function columnsButton(table, wrap, more) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button sg-columns";
    function show(all) {
      table.classList.toggle("sg-compact", !all);
      wrap.classList.toggle("sg-wide", all);
      button.setAttribute("aria-pressed", all ? "true" : "false");
      button.textContent = all ? "Show key columns only" : "Show all columns (" + more + " more)";
    }
    button.addEventListener("click", function () {
      show(table.classList.contains("sg-compact"));
    });
    show(false);
    return button;
  }

  // Scrolling regions must be reachable by keyboard: code blocks and wide tables get a tab stop.
  function focusableScrollers() {
    document.querySelectorAll(
      ".md-content pre > code, .md-content .md-typeset__scrollwrap, .md-content .sg-scroll"
    ).forEach(function (el) {
      if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");
    });
  }

  function setUp() {
    focusableScrollers();
    document.querySelectorAll("table[data-sortable]").forEach(function (table) {
      if (table.getAttribute("data-ready")) return;
      table.setAttribute("data-ready", "1");
      if (!table.tBodies.length) return;
      table.querySelectorAll("thead th").forEach(function (th, index) {
        th.setAttribute("title", (th.getAttribute("title") || "") + " (click to sort)");
        th.addEventListener("click", function () { sortBy(table, th, index); });
      });
      if (table.tBodies[0].rows.length > 5 || table.getAttribute("data-more")) addFilter(table);
    });
  }

  // Run a set-up on every page. Material publishes document$ for instant navigation; without
  // it, wait for the DOM. The other scripts of the site use this too (they load after it).
  window.sgOnPage = function (fn) {
    if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
      window.document$.subscribe(fn);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  };
  window.sgOnPage(setUp);
})();
