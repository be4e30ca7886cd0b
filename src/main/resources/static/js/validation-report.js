/*
 * A validation report: draws the calibration, vintage and ROC charts from the data embedded in
 * the page.
 */
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

  /*
   * ROC curves of the champion and a challenger, with the diagonal. The curves have their own
   * false-positive rates: the chart's x column is the union of both, in order (a curve's vertical
   * steps repeat an x), each curve holding null at the other's points and spanning the gaps.
   */
  function auc(value) { return value == null ? "n/a" : value.toFixed(4); }
  document.querySelectorAll("[data-chart=roc]").forEach(function (el) {
    var c = data.challengers.challengers[Number(el.getAttribute("data-challenger"))];
    if (!c || !c.champion_roc || !c.challenger_roc) {
      return;
    }
    var rows = [];
    function add(curve, column) {
      curve.fpr.forEach(function (x, k) { rows.push({ x: x, column: column, y: curve.tpr[k], order: rows.length }); });
    }
    add(c.champion_roc, 1);
    add(c.challenger_roc, 2);
    rows.push({ x: 0, column: 3, y: 0, order: -1 });
    rows.push({ x: 1, column: 3, y: 1, order: rows.length });
    rows.sort(function (a, b) { return a.x - b.x || a.order - b.order; });
    var columns = [[], [], [], []];
    rows.forEach(function (r) {
      columns[0].push(r.x);
      for (var k = 1; k <= 3; k++) { columns[k].push(k === r.column ? r.y : null); }
    });
    // nearly square: both axes are rates from 0 to 1
    new uPlot({
      width: Math.min(width(el), 480), height: 400,
      legend: { live: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } },
      axes: [{ label: "false-positive rate", values: pct }, { label: "true-positive rate", values: pct, size: 56 }],
      series: [{},
        { label: "champion (AUC " + auc(c.champion_auc) + ")", stroke: palette[0], width: 2, spanGaps: true, points: { show: false } },
        { label: "challenger " + c.model_version + " (AUC " + auc(c.challenger_auc) + ")", stroke: palette[1], width: 2,
          spanGaps: true, points: { show: false } },
        { label: "no discrimination", stroke: palette[7], width: 1, dash: [6, 4], spanGaps: true, points: { show: false } }]
    }, columns, el);
  });
})();
