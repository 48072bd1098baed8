// The annotated article: a statement span is a control (role, aria-expanded, aria-controls)
// that takes the keyboard focus, and focusing, clicking, tapping or pressing Enter or Space on
// it shows its details (written at build time) in the panel below the text; the page then
// scrolls, if need be, so that the panel does not cover the span. A mention or insertion inside
// a statement shows the statement around it, and then its own line; a mention outside every
// statement shows its own line and a link to its row. A skip link, second in the page's tab
// order, leads past the menus and the legend to the text.
(function () {
  "use strict";

  function setUp() {
    var panel = document.getElementById("sg-details");
    var source = document.getElementById("sg-statement-details");
    if (!panel || !source || panel.getAttribute("data-ready")) return;
    panel.setAttribute("data-ready", "1");
    var details = JSON.parse(source.textContent);
    var body = panel.querySelector(".sg-details-body");
    var current = null;

    // role link, not button: ARIA gives a button presentational children, and a statement
    // holds its badge link and the reported speech inside it, which are interactive too.
    function makeControl(span) {
      span.setAttribute("tabindex", "0");
      span.setAttribute("role", "link");
      span.setAttribute("aria-expanded", "false");
      span.setAttribute("aria-controls", "sg-details");
    }
    document.querySelectorAll(".sg-article .sg-stmt[id]").forEach(makeControl);
    // A mention outside every statement is reachable too; its line and its row fill the panel.
    document.querySelectorAll(".sg-article .sg-mention[id]").forEach(function (span) {
      if (!span.closest(".sg-stmt")) makeControl(span);
    });
    addSkipLink();

    function choose(span) {
      if (current) {
        current.classList.remove("sg-current");
        current.setAttribute("aria-expanded", "false");
      }
      current = span;
      if (!current) return;
      current.classList.add("sg-current");
      current.setAttribute("aria-expanded", "true");
      window.requestAnimationFrame(function () { uncover(current); });
    }

    // The panel sticks to the bottom of the window: if it covers the chosen span, scroll the
    // page until the span sits above it (its top no higher than just below the site's header).
    function uncover(span) {
      if (panel.hidden || !span) return;
      var pieces = document.querySelectorAll('[data-span="' + span.getAttribute("data-span") + '"]');
      var top = Infinity, bottom = -Infinity;
      pieces.forEach(function (piece) {
        var r = piece.getBoundingClientRect();
        top = Math.min(top, r.top);
        bottom = Math.max(bottom, r.bottom);
      });
      var box = panel.getBoundingClientRect();
      if (bottom <= box.top || top >= box.bottom) return;
      var header = document.querySelector(".md-header");
      var room = (header ? header.getBoundingClientRect().bottom : 0) + 8;
      window.scrollBy({ top: Math.min(bottom - box.top + 8, top - room), behavior: "instant" });
    }

    function hide() {
      panel.hidden = true;
      if (current) current.setAttribute("aria-expanded", "false");
    }

    function showMention(mention) {
      var id = (mention.getAttribute("data-span") || "").replace(/^mention-/, "");
      var line = document.createElement("p");
      line.textContent = "Mention " + (mention.getAttribute("title") || id);
      var link = document.createElement("a");
      link.href = "tables/mentions.html#" + encodeURIComponent(id);
      link.textContent = "its row in mentions";
      var wrap = document.createElement("p");
      wrap.appendChild(link);
      body.innerHTML = "";
      body.appendChild(line);
      body.appendChild(wrap);
      panel.hidden = false;
      choose(document.getElementById(mention.getAttribute("data-span")));
    }

    function show(target) {
      var stmt = target.closest(".sg-stmt");
      if (!stmt) {
        var mention = target.closest(".sg-mention");
        if (mention) showMention(mention);
        return;
      }
      var key = stmt.getAttribute("data-span");
      if (!details[key]) return;
      var html = details[key];
      var inner = target.closest(".sg-mention, .sg-insertion");
      if (inner && stmt.contains(inner) && inner.getAttribute("title")) {
        var note = document.createElement("p");
        note.textContent = "Inside it: " + inner.getAttribute("title");
        html += note.outerHTML;
      }
      body.innerHTML = html;
      panel.hidden = false;
      choose(document.getElementById(key));
    }

    var article = document.querySelector(".sg-article");
    if (!article) return;
    article.addEventListener("focusin", function (event) { show(event.target); });
    article.addEventListener("click", function (event) {
      if (event.target.closest("a")) return; // the id badge is a link to the row
      show(event.target);
    });
    article.addEventListener("keydown", function (event) {
      if (event.key === "Escape") hide();
      if ((event.key === "Enter" || event.key === " ") && event.target.getAttribute("aria-controls") === "sg-details") {
        event.preventDefault(); // Space would scroll the page
        show(event.target);
      }
    });
    panel.querySelector(".sg-details-close").addEventListener("click", function () {
      hide();
      if (current) current.focus();
    });
  }

  // Material's own skip link leads to the page's title; this one, just after it, to the text.
  function addSkipLink() {
    var text = document.querySelector(".sg-article");
    if (!text || document.querySelector(".sg-skip")) return;
    if (!text.id) text.id = "sg-text";
    text.setAttribute("tabindex", "-1");
    var link = document.createElement("a");
    link.className = "md-skip sg-skip";
    link.href = "#" + text.id;
    link.textContent = "Skip to the annotated text";
    link.addEventListener("click", function (event) {
      event.preventDefault();
      text.focus();
    });
    var first = document.querySelector(".md-skip");
    if (first) first.parentNode.insertBefore(link, first.nextSibling);
    else document.body.insertBefore(link, document.body.firstChild);
  }

  window.sgOnPage(setUp); // defined in tables.js, which loads first
})();
