// Statecraft default theme. Progressive enhancement only: every page works without it.
// A table wider than the text column scrolls sideways (see style.css); make such a
// table focusable so it can also be scrolled from the keyboard.
(function () {
  "use strict";
  var tables = document.querySelectorAll(".prose table");
  if (!tables.length) return;
  function update() {
    for (var i = 0; i < tables.length; i++) {
      var table = tables[i];
      if (table.scrollWidth > table.clientWidth + 1) table.setAttribute("tabindex", "0");
      else table.removeAttribute("tabindex");
    }
  }
  update();
  if ("ResizeObserver" in window) {
    var observer = new ResizeObserver(update);
    for (var i = 0; i < tables.length; i++) observer.observe(tables[i]);
  } else {
    window.addEventListener("resize", update);
  }
})();
