// The annotated article: a statement span takes the keyboard focus, and focusing, clicking or
// tapping it shows its details (written at build time) in the panel below the text. A mention
// or insertion inside a statement shows the statement around it, and then its own line; a
// mention outside every statement shows its own line and a link to its row.
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

    document.querySelectorAll(".sg-article .sg-stmt[id]").forEach(function (span) {
      span.setAttribute("tabindex", "0");
      span.setAttribute("aria-describedby", "sg-details");
    });
    // A mention outside every statement is reachable too; its line and its row fill the panel.
    document.querySelectorAll(".sg-article .sg-mention[id]").forEach(function (span) {
      if (span.closest(".sg-stmt")) return;
      span.setAttribute("tabindex", "0");
      span.setAttribute("aria-describedby", "sg-details");
    });

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
      if (current) current.classList.remove("sg-current");
      current = document.getElementById(mention.getAttribute("data-span"));
      if (current) current.classList.add("sg-current");
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
      if (current) current.classList.remove("sg-current");
      current = document.getElementById(key);
      if (current) current.classList.add("sg-current");
    }

    var article = document.querySelector(".sg-article");
    if (!article) return;
    article.addEventListener("focusin", function (event) { show(event.target); });
    article.addEventListener("click", function (event) {
      if (event.target.closest("a")) return; // the id badge is a link to the row
      show(event.target);
    });
    article.addEventListener("keydown", function (event) {
      if (event.key === "Escape") panel.hidden = true;
    });
    panel.querySelector(".sg-details-close").addEventListener("click", function () {
      panel.hidden = true;
      if (current) current.focus();
    });
  }

  window.sgOnPage(setUp); // defined in tables.js, which loads first
})();
