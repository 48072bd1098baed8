// Opened straight from disk (file://), the browser refuses the search index: say so in the
// search box instead of letting search silently disappear.
(function () {
  "use strict";
  if (window.location.protocol !== "file:") return;
  function note() {
    var input = document.querySelector("input.md-search__input");
    if (!input) return;
    input.placeholder = "Search needs the site served over http (mkdocs serve)";
    input.setAttribute("title", "Browsers do not let a page opened from disk load the search " +
      "index: run `make serve`, or `python -m http.server` in the site folder.");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", note);
  else note();
})();
