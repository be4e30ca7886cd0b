/* A drift report: draws every histogram from the data embedded in the page. */
(function () {
  "use strict";
  var source = document.getElementById("report-data");
  if (!source || !window.ScorewatchCharts) {
    return;
  }
  var charts = JSON.parse(source.textContent);
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var hist = charts[el.getAttribute("data-chart")];
    if (hist) {
      window.ScorewatchCharts.histogram(el, hist, { height: 220 });
    }
  });
})();
