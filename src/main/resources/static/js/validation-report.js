/* A validation report: draws the calibration and vintage charts from the data embedded in the page. */
(function () {
  "use strict";
  var source = document.getElementById("report-data");
  if (!source || !window.uPlot) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f"];
  function width(el) { return Math.max(240, Math.floor(el.clientWidth || 600)); }
  function pct(u, splits) { return splits.map(function (v) { return v == null ? "" : (v * 100).toFixed(1) + "%"; }); }

  var calibration = document.querySelector("[data-chart=calibration]");
  if (calibration) {
    var grades = data.calibration.grades;
    var xs = grades.map(function (g, i) { return i; });
    new uPlot({
      width: width(calibration), height: 240,
      scales: { x: { time: false } },
      axes: [{ splits: function () { return xs; },
               values: function (u, splits) { return splits.map(function (i) { return grades[i] ? grades[i].grade : ""; }); } },
             { values: pct, size: 56 }],
      series: [{}, { label: "mean PD", stroke: palette[0], width: 2 },
               { label: "observed default rate", stroke: palette[1], width: 2 }]
    }, [xs, grades.map(function (g) { return g.mean_pd; }),
        grades.map(function (g) { return g.observed_default_rate; })], calibration);
  }

  var vintages = document.querySelector("[data-chart=vintages]");
  if (vintages) {
    var cohorts = data.vintages.cohorts.filter(function (c) { return c.curve.length > 0; });
    var months = 0;
    cohorts.forEach(function (c) { months = Math.max(months, c.curve.length); });
    var x = [];
    for (var m = 1; m <= months; m++) { x.push(m); }
    var series = [{}];
    var columns = [x];
    cohorts.forEach(function (c, i) {
      series.push({ label: c.month, stroke: palette[i % palette.length], width: 1.5 });
      columns.push(x.map(function (mob) { var p = c.curve[mob - 1]; return p ? p.cumulative_bad_rate : null; }));
    });
    new uPlot({ width: width(vintages), height: 240, scales: { x: { time: false } },
      axes: [{}, { values: pct, size: 56 }], series: series }, columns, vintages);
  }
})();
