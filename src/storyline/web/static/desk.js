// storyline desk: the only script the pages run (served from the package; no inline script).
// On an article page, the legend's boxes show or hide each kind of highlight.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var text = document.getElementById("article-text");
  var legend = document.getElementById("legend");
  if (!text || !legend) {
    return;
  }
  legend.addEventListener("change", function (event) {
    var box = event.target;
    if (box && box.dataset && box.dataset.kind) {
      text.classList.toggle("hide-" + box.dataset.kind, !box.checked);
    }
  });
});
