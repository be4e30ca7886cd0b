/*
 * scorewatch charts: number formats and the two chart kinds of the dashboard and the drift
 * reports (overlaid reference / production histograms, prediction volume), drawn with uPlot.
 */
(function () {
  "use strict";

  var LOCALE = "en-US";
  var integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
  var percent2 = new Intl.NumberFormat(LOCALE, { style: "percent", minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var percent1 = new Intl.NumberFormat(LOCALE, { style: "percent", minimumFractionDigits: 0, maximumFractionDigits: 1 });
  var compact = new Intl.NumberFormat(LOCALE, { notation: "compact", maximumFractionDigits: 2 });
  var COLORS = {
    reference: { stroke: "#7b8794", fill: "rgba(123, 135, 148, 0.45)" },
    production: { stroke: "#1d4ed8", fill: "rgba(29, 78, 216, 0.45)" }
  };

  var format = {
    NONE: "\u2014",
    /** 1,200 */
    count: function (n) { return n == null ? format.NONE : integer.format(n); },
    /** 0.0825 -> 8.25% */
    percent: function (share) { return share == null || isNaN(share) ? format.NONE : percent2.format(share); },
    /** fixed decimals with thousands separators */
    decimal: function (x, digits) {
      if (x == null || isNaN(x)) {
        return format.NONE;
      }
      return x.toLocaleString(LOCALE, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    },
    /** signed: +0.0071 */
    signed: function (x, digits) {
      if (x == null || isNaN(x)) {
        return format.NONE;
      }
      var text = format.decimal(Math.abs(x), digits);
      return (x < 0 ? "\u2212" : "+") + text;
    },
    /** signed percentage of a change: +12.50% */
    signedPercent: function (change) {
      if (change == null || isNaN(change)) {
        return format.NONE;
      }
      return (change < 0 ? "\u2212" : "+") + percent2.format(Math.abs(change));
    },
    /** p-values: four decimals, scientific below 0.0001 */
    pValue: function (p) {
      if (p == null || isNaN(p)) {
        return format.NONE;
      }
      return p !== 0 && p < 1e-4 ? p.toExponential(2) : p.toFixed(4);
    },
    /** 2025-12-01 00:08:20 UTC */
    instant: function (iso) {
      if (!iso) {
        return format.NONE;
      }
      var d = new Date(iso);
      if (isNaN(d.getTime())) {
        return iso;
      }
      return d.toISOString().replace("T", " ").replace(/\.\d+Z$/, "").replace(/Z$/, "") + " UTC";
    },
    axisNumber: function (x) {
      return Math.abs(x) >= 10000 ? compact.format(x) : x.toLocaleString(LOCALE, { maximumFractionDigits: 4 });
    }
  };

  function shares(counts) {
    if (!counts) {
      return null;
    }
    var total = counts.reduce(function (a, b) { return a + b; }, 0);
    return counts.map(function (c) { return total === 0 ? 0 : c / total; });
  }

  function sizeOf(el, height) {
    return { width: Math.max(240, Math.floor(el.clientWidth || 600)), height: height };
  }

  /** Redraws a chart at its container's width whenever that changes. */
  function keepSized(el, plot, height) {
    if (typeof ResizeObserver === "undefined") {
      return;
    }
    var width = el.clientWidth;
    new ResizeObserver(function () {
      if (el.clientWidth !== width && el.clientWidth > 0) {
        width = el.clientWidth;
        plot.setSize(sizeOf(el, height));
      }
    }).observe(el);
  }

  function barSeries(label, colors, value) {
    return {
      label: label,
      stroke: colors.stroke,
      fill: colors.fill,
      width: 1,
      points: { show: false },
      paths: uPlot.paths.bars({ size: [1, Infinity, 1], gap: 1 }),
      value: value
    };
  }

  /**
   * An overlaid histogram: reference and production shares per bin.
   * hist: { kind: "numeric", edges, open_below, open_above, reference, production }
   *    or { kind: "categorical", categories, reference, production }; reference may be null.
   */
  function histogram(el, hist, options) {
    options = options || {};
    var height = options.height || 240;
    el.replaceChildren();
    var categorical = hist.kind === "categorical";
    var n = hist.production.length;
    var xs = [];
    var labels = [];
    for (var k = 0; k < n; k++) {
      if (categorical) {
        xs.push(k);
        labels.push(hist.categories[k]);
      } else {
        xs.push((hist.edges[k] + hist.edges[k + 1]) / 2);
        var lo = k === 0 && hist.open_below ? "< " : "";
        var hi = k === n - 1 && hist.open_above ? " and above" : "";
        labels.push(lo ? "below " + format.axisNumber(hist.edges[1]) :
          format.axisNumber(hist.edges[k]) + " to " + format.axisNumber(hist.edges[k + 1]) + hi);
      }
    }
    var production = shares(hist.production);
    var reference = shares(hist.reference);
    var data = [xs];
    var series = [{
      label: categorical ? "Category" : "Bin",
      value: function (u, x, s, i) { return i == null ? "" : labels[i]; }
    }];
    var shareValue = function (u, v) { return v == null ? format.NONE : percent2.format(v); };
    if (reference) {
      data.push(reference);
      series.push(barSeries("Reference", COLORS.reference, shareValue));
    }
    data.push(production);
    series.push(barSeries("Production", COLORS.production, shareValue));

    var xRange = categorical ? [-0.5, n - 0.5] : [hist.edges[0], hist.edges[n]];
    var xAxis = { stroke: "#52606d", grid: { show: false } };
    if (categorical) {
      xAxis.splits = function () { return xs; };
      xAxis.values = function (u, splits) {
        return splits.map(function (i) {
          var text = labels[i] == null ? "" : String(labels[i]);
          return text.length > 14 ? text.slice(0, 13) + "\u2026" : text;
        });
      };
      xAxis.rotate = n > 6 ? -35 : 0;
      xAxis.size = n > 6 ? 70 : 40;
    } else {
      xAxis.values = function (u, splits) { return splits.map(format.axisNumber); };
    }
    var plot = new uPlot({
      width: sizeOf(el, height).width,
      height: height,
      scales: { x: { time: false, range: function () { return xRange; } }, y: { range: function (u, min, max) { return [0, Math.max(max, 0.01) * 1.08]; } } },
      axes: [xAxis, { stroke: "#52606d", size: 56, values: function (u, splits) { return splits.map(function (v) { return percent1.format(v); }); } }],
      series: series,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } }
    }, data, el);
    keepSized(el, plot, height);
    return plot;
  }

  /** Predictions per bucket over time (UTC). buckets: [{ start, count }], stepSeconds: bucket length. */
  function volume(el, buckets, stepSeconds, options) {
    options = options || {};
    var height = options.height || 240;
    el.replaceChildren();
    var xs = buckets.map(function (b) { return Date.parse(b.start) / 1000 + stepSeconds / 2; });
    var ys = buckets.map(function (b) { return b.count; });
    var daily = stepSeconds >= 86400;
    var plot = new uPlot({
      width: sizeOf(el, height).width,
      height: height,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"); },
      scales: {
        x: { time: true, range: function () { return xs.length ? [xs[0] - stepSeconds / 2, xs[xs.length - 1] + stepSeconds / 2] : [0, 1]; } },
        y: { range: function (u, min, max) { return [0, Math.max(1, max) * 1.1]; } }
      },
      axes: [{ stroke: "#52606d", grid: { show: false } },
        { stroke: "#52606d", size: 56, values: function (u, splits) { return splits.map(function (v) { return Number.isInteger(v) ? format.count(v) : ""; }); } }],
      series: [
        { label: daily ? "Day (UTC)" : "Hour (UTC)",
          value: function (u, ts) { return ts == null ? "" : format.instant(new Date((ts - stepSeconds / 2) * 1000).toISOString()).replace(daily ? / \d\d:\d\d:\d\d UTC$/ : /:\d\d UTC$/, daily ? "" : " UTC"); } },
        barSeries("Predictions", COLORS.production, function (u, v) { return v == null ? format.NONE : format.count(v); })
      ],
      legend: { show: true },
      cursor: { drag: { x: false, y: false } }
    }, [xs, ys], el);
    keepSized(el, plot, height);
    return plot;
  }

  /*
   * A feature's trend: one point per drift run, PSI on the left axis and the p-value on the right,
   * drifted runs marked, so the run where a shift began stands out.
   */
  function trend(el, points, options) {
    options = options || {};
    var height = options.height || 240;
    el.replaceChildren();
    var xs = points.map(function (p) { return Date.parse(p.started_at) / 1000; });
    var psi = points.map(function (p) { return p.psi; });
    var pValues = points.map(function (p) { return p.p_value; });
    var drifted = points.map(function (p) { return p.drifted ? (p.psi != null ? p.psi : 0) : null; });
    var plot = new uPlot({
      width: sizeOf(el, height).width,
      height: height,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"); },
      scales: {
        x: { time: true },
        psi: { range: function (u, min, max) { return [0, Math.max(0.3, max || 0) * 1.1]; } },
        p: { range: [0, 1] }
      },
      axes: [{ stroke: "#52606d", grid: { show: false } },
        { scale: "psi", stroke: "#52606d", size: 56, label: "PSI" },
        { scale: "p", side: 1, stroke: "#52606d", size: 56, label: "p-value", grid: { show: false } }],
      series: [
        { label: "Run (UTC)", value: function (u, ts) { return ts == null ? "" : format.instant(new Date(ts * 1000).toISOString()); } },
        { label: "PSI", scale: "psi", stroke: COLORS.production.stroke, width: 2, points: { show: true },
          value: function (u, v) { return v == null ? format.NONE : format.decimal(v, 4); } },
        { label: "p-value", scale: "p", stroke: COLORS.reference.stroke, width: 1, dash: [4, 4], points: { show: true },
          value: function (u, v) { return format.pValue(v); } },
        { label: "Drifted", scale: "psi", stroke: "#c62828", width: 0, points: { show: true, size: 9, fill: "#c62828" },
          value: function (u, v) { return v == null ? "" : "drifted"; } }
      ],
      legend: { show: true },
      cursor: { drag: { x: false, y: false } }
    }, [xs, psi, pValues, drifted], el);
    keepSized(el, plot, height);
    return plot;
  }

  window.ScorewatchCharts = { format: format, histogram: histogram, volume: volume, shares: shares, trend: trend };
})();
