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

// Videos (the `video` component) load from their host only when the reader asks: a
// click replaces the button with the player. Without JavaScript the button is a link
// to the video on its own site.
(function () {
  "use strict";
  var embeds = document.querySelectorAll(".video-embed[data-video-id]");
  function play(event) {
    var button = event.currentTarget;
    var embed = button.parentNode;
    var id = encodeURIComponent(embed.getAttribute("data-video-id"));
    var start = parseInt(embed.getAttribute("data-video-start"), 10) || 0;
    var src = embed.getAttribute("data-video-provider") === "vimeo"
      ? "https://player.vimeo.com/video/" + id + "?autoplay=1" + (start ? "#t=" + start + "s" : "")
      : "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1" + (start ? "&start=" + start : "");
    var frame = document.createElement("iframe");
    frame.src = src;
    frame.title = embed.getAttribute("data-video-title") || "Video";
    frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
    frame.setAttribute("allowfullscreen", "");
    embed.replaceChild(frame, button);
    frame.focus();
    event.preventDefault();
  }
  for (var i = 0; i < embeds.length; i++) {
    var button = embeds[i].querySelector(".video-consent");
    if (button) button.addEventListener("click", play);
  }
})();

// A chart wider than a narrow screen scrolls sideways; make it focusable then, so it
// can be scrolled from the keyboard.
(function () {
  "use strict";
  var frames = document.querySelectorAll(".chart-frame");
  function update() {
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].scrollWidth > frames[i].clientWidth + 1) frames[i].setAttribute("tabindex", "0");
      else frames[i].removeAttribute("tabindex");
    }
  }
  if (!frames.length) return;
  update();
  window.addEventListener("resize", update);
})();

// The region and year filters of a list page get their choices from one script of the
// site (filters.js, loaded after this one), which calls this: a brief of a new
// region or year changes that file, not every list page. The form leads to the search
// page, which needs JavaScript too.
window.statecraftFilterChoices = function (choices) {
  "use strict";
  var selects = document.querySelectorAll("form.list-filters select[data-choices]");
  for (var i = 0; i < selects.length; i++) {
    var select = selects[i];
    var list = choices[select.getAttribute("data-choices")] || [];
    // The page may name its own region already (a region's page preselects it).
    var chosen = select.value;
    while (select.options.length > 1) select.remove(1);
    for (var j = 0; j < list.length; j++) select.add(new Option(list[j].label, list[j].value));
    select.value = chosen;
  }
};
