/* The dashboard page: reads the scorewatch API of the same origin and draws it. */
(function () {
  "use strict";

  var charts = window.ScorewatchCharts;
  var fmt = charts.format;
  var RANGES = { "24h": "the last 24 hours", "7d": "the last 7 days", "30d": "the last 30 days",
    "90d": "the last 90 days", "365d": "the last 12 months", "1830d": "the last 5 years" };

  var state = {
    models: [],
    model: null,
    range: "7d",
    segment: "",
    trendFeature: null,
    serverOffsetMs: 0,
    run: null,
    sort: { key: "drifted", direction: "descending" },
    loading: 0
  };

  function $(id) { return document.getElementById(id); }

  /** An element with attributes and children (strings become text, never markup). */
  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value == null || value === false) {
        return;
      }
      if (name === "text") {
        node.textContent = value;
      } else {
        node.setAttribute(name, value === true ? "" : value);
      }
    });
    (children || []).forEach(function (child) {
      if (child != null) {
        node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
      }
    });
    return node;
  }

  function code(text) { return h("code", { text: text }); }

  function empty(parts) { return h("p", { "class": "empty" }, parts); }

  /** An API error carrying the problem's status and detail. */
  function ApiError(status, problem) {
    this.status = status;
    this.problem = problem || {};
    this.message = (problem && (problem.detail || problem.title)) || ("HTTP " + status);
  }

  function api(path, options) {
    options = options || {};
    var init = {
      method: options.method || "GET",
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    };
    if (options.body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.body);
    }
    // from the origin: a page opened as http://user:key@host/ would resolve a relative path with
    // the credentials in it, which fetch refuses; the browser sends the cached credentials itself
    return fetch(window.location.origin + path, init).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      var body = type.indexOf("json") >= 0 ? response.json().catch(function () { return null; }) : Promise.resolve(null);
      return body.then(function (json) {
        if (!response.ok) {
          throw new ApiError(response.status, json);
        }
        return json;
      });
    });
  }

  function enc(text) { return encodeURIComponent(text); }

  function modelPath(suffix) { return "/api/v1/models/" + enc(state.model.name) + suffix; }

  function showLoadError(error) {
    var box = $("load-error");
    if (!error) {
      box.hidden = true;
      box.textContent = "";
      return;
    }
    box.hidden = false;
    box.textContent = "Could not load the dashboard: " + error.message;
  }

  /* ---------- tiles ---------- */

  function tile(metric, value, raw, delta, tone) {
    var node = document.querySelector('.tile[data-metric="' + metric + '"]');
    var valueNode = node.querySelector(".value");
    valueNode.textContent = value;
    if (raw == null) {
      node.removeAttribute("data-value");
    } else {
      node.setAttribute("data-value", String(raw));
    }
    var deltaNode = node.querySelector(".delta");
    deltaNode.replaceChildren();
    (Array.isArray(delta) ? delta : [delta]).forEach(function (part) {
      if (part != null) {
        deltaNode.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
      }
    });
    deltaNode.className = "delta" + (tone ? " " + tone : "");
  }

  function renderTiles(metrics, dashboard) {
    var model = state.model;
    var target = model.expected_positive_rate;
    var rangeText = RANGES[state.range] || ("the last " + state.range);
    var previous = dashboard.previous_prediction_count;
    var change = dashboard.prediction_count_change;
    tile("prediction_count", fmt.count(metrics.prediction_count), metrics.prediction_count,
      change == null
        ? (previous === 0 ? "none in the previous period" : "")
        : fmt.signedPercent(change) + " vs previous period (" + fmt.count(previous) + ")",
      null);

    var rate = metrics.default_rate;
    tile("default_rate", fmt.percent(rate), rate,
      rate == null ? "no predictions in " + rangeText
        : fmt.signed((rate - target) * 100, 2) + " pp vs target " + fmt.percent(target),
      rate == null ? null : (Math.abs(rate - target) > 0.5 * target ? "bad" : "good"));

    var avg = metrics.avg_probability;
    tile("avg_probability", fmt.decimal(avg, 4), avg,
      avg == null ? "no predictions in " + rangeText
        : fmt.signed(avg - target, 4) + " vs target " + fmt.decimal(target, 4),
      avg == null ? null : (Math.abs(avg - target) > 0.5 * target ? "bad" : "good"));

    tile("high_risk_share", fmt.percent(metrics.high_risk_share), metrics.high_risk_share,
      "probability above " + fmt.decimal(model.high_risk_probability, 2), null);

    var performance = metrics.performance || {};
    var auc = performance.roc_auc;
    if (auc != null) {
      tile("roc_auc", fmt.decimal(auc, 4), auc,
        "over " + fmt.count(performance.labeled_count) + " labelled predictions", auc < 0.7 ? "bad" : null);
    } else {
      tile("roc_auc", fmt.NONE, null, [
        "needs " + fmt.count(performance.min_labels || 100) + " labelled predictions (" +
        fmt.count(performance.labeled_count || 0) + " so far): ", code("POST /api/v1/ground-truth")], null);
    }
  }

  /* ---------- estimated performance ---------- */

  function renderEstimate(metrics) {
    var estimated = metrics.estimated_performance || {};
    var bands = estimated.bands || {};
    var performance = metrics.performance || {};
    var cost = metrics.business_cost || {};
    var rows = [
      ["ROC-AUC", "roc_auc", performance.roc_auc, "estimated_roc_auc", 4],
      ["Precision", "precision", performance.precision, "estimated_precision", 4],
      ["Recall", "recall", performance.recall, "estimated_recall", 4],
      ["F1", "f1", performance.f1, "estimated_f1", 4],
      ["Business cost", "business_cost", cost.total_cost, "estimated_business_cost", 1]
    ];
    var body = $("estimate-table").querySelector("tbody");
    body.replaceChildren();
    rows.forEach(function (row) {
      var value = estimated[row[3]];
      var band = bands[row[3]] || {};
      body.appendChild(h("tr", { "data-metric": row[1] }, [
        h("th", { scope: "row", text: row[0] }),
        h("td", { "class": "num realised", text: row[2] == null ? fmt.NONE : fmt.decimal(row[2], row[4]) }),
        h("td", { "class": "num estimated", "data-value": value == null ? null : String(value),
          text: value == null ? fmt.NONE : fmt.decimal(value, row[4]) + " (estimate)" }),
        h("td", { "class": "num band", text: band.lower == null ? fmt.NONE
          : fmt.decimal(band.lower, row[4]) + " – " + fmt.decimal(band.upper, row[4]) })
      ]));
    });
    var calibration = estimated.calibration || {};
    $("estimate-calibration").textContent = calibration.note
      ? "Calibration: " + calibration.note + (calibration.ece_raw == null ? ""
        : " (expected calibration error " + fmt.decimal(calibration.ece_raw, 4) + " raw, "
          + fmt.decimal(calibration.ece_calibrated, 4) + " after isotonic calibration)") + "."
      : "";
  }

  /* ---------- charts ---------- */

  function renderVolume(dashboard) {
    var chart = $("volume-chart");
    var emptyBox = $("volume-empty");
    var step = dashboard.bucket === "1d" ? 86400 : 3600;
    $("volume-caption").textContent = "Predictions per " + (step === 86400 ? "day" : "hour") + " (UTC), " +
      (RANGES[dashboard.window] || "the last " + dashboard.window) + ".";
    if (dashboard.prediction_count === 0) {
      chart.replaceChildren();
      chart.hidden = true;
      emptyBox.hidden = false;
      emptyBox.replaceChildren("No predictions in " + (RANGES[dashboard.window] || "this window") +
        ". The model API posts them to ", code("POST /api/v1/predictions"), ".");
      return;
    }
    chart.hidden = false;
    emptyBox.hidden = true;
    charts.volume(chart, dashboard.volume, step);
  }

  function renderProbability(dashboard) {
    var chart = $("probability-chart");
    var emptyBox = $("probability-empty");
    var notes = [];
    if (dashboard.reference_id == null) {
      notes.push(["No reference uploaded yet: ", code("PUT " + modelPath("/reference")),
        " with a CSV (feature columns, target, probability). Until then the chart shows production only."]);
    }
    if (dashboard.prediction_count === 0) {
      notes.push(["No predictions in " + (RANGES[dashboard.window] || "this window") + "."]);
    }
    emptyBox.replaceChildren();
    notes.forEach(function (parts) { emptyBox.appendChild(h("span", {}, parts)); emptyBox.appendChild(document.createTextNode(" ")); });
    emptyBox.hidden = notes.length === 0;
    if (dashboard.prediction_count === 0 && dashboard.reference_id == null) {
      chart.replaceChildren();
      chart.hidden = true;
      return;
    }
    chart.hidden = false;
    charts.histogram(chart, dashboard.probability);
  }

  /* ---------- drift ---------- */

  function pOf(f) { return f.adjusted_p_value != null ? f.adjusted_p_value : f.p_value; }

  function compareFeatures(key, direction) {
    var sign = direction === "ascending" ? 1 : -1;
    function nullsLast(a, b, cmp) {
      if (a == null && b == null) { return 0; }
      if (a == null) { return 1; }
      if (b == null) { return -1; }
      return cmp(a, b);
    }
    function worst(a, b) {
      // drifted first, then the smallest p-value, then the name
      if (a.drifted !== b.drifted) { return a.drifted ? -1 : 1; }
      var byP = nullsLast(pOf(a), pOf(b), function (x, y) { return x - y; });
      return byP !== 0 ? byP : a.name.localeCompare(b.name);
    }
    return function (a, b) {
      var result;
      if (key === "drifted") {
        result = -sign * worst(a, b);
        return result;
      }
      if (key === "name" || key === "test") {
        result = sign * String(a[key]).localeCompare(String(b[key]));
      } else {
        var va = key === "p_value" ? pOf(a) : a[key];
        var vb = key === "p_value" ? pOf(b) : b[key];
        if (va == null || vb == null) {
          return nullsLast(va, vb, function () { return 0; });
        }
        result = sign * (va - vb);
      }
      return result !== 0 ? result : worst(a, b);
    };
  }

  function renderDriftTable() {
    var table = $("drift-table");
    var run = state.run;
    if (!run || !run.features || run.features.length === 0) {
      table.hidden = true;
      return;
    }
    table.hidden = false;
    table.querySelectorAll("th[data-key]").forEach(function (th) {
      if (th.getAttribute("data-key") === state.sort.key) {
        th.setAttribute("aria-sort", state.sort.direction);
      } else {
        th.removeAttribute("aria-sort");
      }
    });
    var rows = run.features.slice().sort(compareFeatures(state.sort.key, state.sort.direction));
    var body = table.querySelector("tbody");
    body.replaceChildren();
    rows.forEach(function (f) {
      body.appendChild(h("tr", { "class": f.drifted ? "drifted" : null, "data-feature": f.name }, [
        h("th", { scope: "row", text: f.name }),
        h("td", { text: f.test }),
        h("td", { "class": "num", text: fmt.decimal(f.statistic, 4) }),
        h("td", { "class": "num", text: fmt.pValue(pOf(f)) }),
        h("td", { "class": "num", text: fmt.decimal(f.psi, 4) }),
        h("td", {}, [h("span", { "class": "badge " + (f.drifted ? "bad" : "good"), text: f.drifted ? "drifted" : "stable" })])
      ]));
    });
  }

  function reportLink(id, text) {
    return h("a", { href: "/reports/drift-runs/" + enc(id), text: text || "report" });
  }

  function renderLatestRun() {
    var box = $("drift-latest");
    box.replaceChildren();
    var run = state.run;
    if (!run) {
      var parts = ["No drift run yet for this model: press \u201cRun drift detection\u201d (admin key), or ",
        code("POST " + modelPath("/drift-runs")), "."];
      if (state.referenceId == null) {
        parts = parts.concat([" A run needs a reference first: ", code("PUT " + modelPath("/reference")), " with a CSV."]);
      }
      box.appendChild(empty(parts));
      renderDriftTable();
      return;
    }
    var drifted = run.drifted_features.length;
    box.appendChild(h("p", { "class": "summary-line", id: "latest-run", "data-run-id": String(run.id) }, [
      h("strong", { text: "Run #" + run.id }),
      " over " + fmt.instant(run.from) + " to " + fmt.instant(run.to) + " (" + fmt.count(run.prediction_count) +
      " predictions): ",
      h("span", { "class": "badge " + (drifted ? "bad" : "good"),
        text: fmt.count(drifted) + " of " + fmt.count(run.reference_features) + " features drifted (" +
          fmt.percent(run.drift_share) + ")" }),
      ". Prediction drift p = " + fmt.pValue(run.prediction_drift.p_value) +
      (run.prediction_drift.drifted ? " (drifted)" : "") + "; target drift p = " +
      fmt.pValue(run.target_drift.p_value) + (run.target_drift.drifted ? " (drifted)" : "") + ". ",
      reportLink(run.id, "Open the report of run #" + run.id)
    ]));
    renderDriftTable();
  }

  function renderRuns(runs) {
    var box = $("drift-runs");
    box.replaceChildren();
    if (runs.length === 0) {
      box.appendChild(empty(["No drift runs yet."]));
      return;
    }
    var body = h("tbody");
    runs.forEach(function (r) {
      body.appendChild(h("tr", { "data-run-id": String(r.id) }, [
        h("td", {}, [reportLink(r.id, "#" + r.id)]),
        h("td", { text: fmt.instant(r.started_at) }),
        h("td", { text: fmt.instant(r.from) + " to " + fmt.instant(r.to) }),
        h("td", { "class": "num", text: fmt.count(r.prediction_count) }),
        h("td", { "class": "num", text: fmt.count(r.drifted_count) + " / " + fmt.count(r.features_tested) }),
        h("td", { "class": "num", text: fmt.percent(r.drift_share) })
      ]));
    });
    box.appendChild(h("div", { "class": "table-wrap" }, [h("table", { id: "drift-runs-table" }, [
      h("thead", {}, [h("tr", {}, ["Report", "Started", "Window", "Predictions", "Drifted", "Share"].map(function (t, i) {
        return h("th", { scope: "col", "class": i >= 3 ? "num" : null, text: t });
      }))]),
      body])]));
  }

  /* ---------- segments and a feature's trend ---------- */

  function segmentParam() { return state.segment ? "&segment=" + enc(state.segment) : ""; }

  function loadSegments() {
    var select = $("segment");
    select.replaceChildren(h("option", { value: "", text: "All predictions" }));
    return api(modelPath("/segments")).then(function (answer) {
      answer.segments.forEach(function (key) {
        var group = h("optgroup", { label: key.key + " (" + key.source + " " + key.name + ")" });
        key.values.forEach(function (value) {
          group.appendChild(h("option", { value: key.key + ":" + value, text: key.key + ": " + value }));
        });
        select.appendChild(group);
      });
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === state.segment; });
      if (!known) {
        state.segment = "";
      }
      select.value = state.segment;
    });
  }

  function renderTrendOptions() {
    var select = $("trend-feature");
    var names = state.run && state.run.features ? state.run.features.map(function (f) { return f.name; }).sort() : [];
    if (names.indexOf(state.trendFeature) < 0) {
      var drifted = state.run ? state.run.drifted_features : [];
      state.trendFeature = drifted && drifted.length ? drifted[0] : (names[0] || null);
    }
    select.replaceChildren();
    names.forEach(function (name) { select.appendChild(h("option", { value: name, text: name })); });
    if (state.trendFeature) {
      select.value = state.trendFeature;
    }
  }

  function loadTrend() {
    var chart = $("trend-chart");
    var emptyBox = $("trend-empty");
    var caption = $("trend-caption");
    var feature = state.trendFeature;
    var serial = state.loading;
    if (!feature) {
      chart.replaceChildren();
      chart.setAttribute("data-points", "0");
      caption.textContent = "";
      emptyBox.hidden = false;
      emptyBox.replaceChildren(empty(["No drift run yet: a feature's trend needs stored drift runs."]));
      return Promise.resolve();
    }
    return api(modelPath("/features/" + enc(feature) + "/history?window=" + enc(state.range) + segmentParam()))
      .then(function (history) {
        if (serial !== state.loading || feature !== state.trendFeature) {
          return;
        }
        var runs = history.runs;
        chart.setAttribute("data-feature", feature);
        chart.setAttribute("data-points", String(runs.length));
        var first = runs.filter(function (r) { return r.drifted; })[0];
        chart.setAttribute("data-first-drifted", first ? first.started_at : "");
        var who = history.segment ? "segment " + history.segment : "all predictions";
        if (runs.length === 0) {
          chart.replaceChildren();
          caption.textContent = "";
          emptyBox.hidden = false;
          emptyBox.replaceChildren(empty(["No drift run of " + who + " tested " + feature + " in " +
            (RANGES[state.range] || state.range) + ". Run drift detection" +
            (history.segment ? " with segment " + history.segment : "") + " to start its trend."]));
          return;
        }
        emptyBox.hidden = true;
        charts.trend(chart, runs);
        caption.textContent = feature + ", " + who + ": PSI and p-value of " + fmt.count(runs.length) +
          " drift run" + (runs.length === 1 ? "" : "s") + ". " + (first ? "First drifted run: " +
          fmt.instant(first.started_at) + " (#" + first.run_id + ")." : "No run found it drifted.");
      });
  }

  function loadDrift() {
    var model = state.model.name;
    return api(modelPath("/drift-runs?limit=10")).then(function (runs) {
      if (state.model.name !== model) {
        return;
      }
      renderRuns(runs);
      if (runs.length === 0) {
        state.run = null;
        renderLatestRun();
        renderTrendOptions();
        return loadTrend();
      }
      return api(modelPath("/drift-runs/" + runs[0].id)).then(function (run) {
        if (state.model.name === model) {
          state.run = run;
          renderLatestRun();
          renderTrendOptions();
          return loadTrend();
        }
      });
    });
  }

  function runMessage(parts, tone) {
    var message = $("run-message");
    message.replaceChildren.apply(message, parts);
    message.className = tone || "";
  }

  function runDrift() {
    var button = $("run-drift");
    var progress = $("run-progress");
    var model = state.model.name;
    var rangeText = RANGES[state.range] || ("the last " + state.range);
    var lengthMs = { "24h": 864e5, "7d": 7 * 864e5, "30d": 30 * 864e5, "90d": 90 * 864e5, "365d": 365 * 864e5,
      "1830d": 1830 * 864e5 }[state.range] || 7 * 864e5;
    var to = new Date(Date.now() + state.serverOffsetMs);
    var from = new Date(to.getTime() - lengthMs);
    var started = Date.now();
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    progress.hidden = false;
    var tick = function () {
      runMessage(["Running drift detection over " + rangeText + "\u2026 " + Math.round((Date.now() - started) / 1000) + " s"]);
    };
    tick();
    var timer = setInterval(tick, 1000);
    var settled = function () {
      clearInterval(timer);
      progress.hidden = true;
      button.disabled = false;
      button.removeAttribute("aria-busy");
    };
    api("/api/v1/models/" + enc(model) + "/drift-runs", { method: "POST", body: { from: from.toISOString(), to: to.toISOString() } })
      .then(function (run) {
        settled();
        runMessage(["Drift run #" + run.id + " finished: " + fmt.count(run.drifted_features.length) + " of " +
          fmt.count(run.reference_features) + " features drifted. ", reportLink(run.id, "Open its report")], "done");
        if (state.model.name === model) {
          state.run = run;
          state.sort = { key: "drifted", direction: "descending" };
          renderLatestRun();
          return api(modelPath("/drift-runs?limit=10")).then(renderRuns);
        }
      }, function (error) {
        settled();
        var text;
        if (error.status === 401 || error.status === 403) {
          text = "Not allowed: running drift detection needs an admin key (" + error.message + ")";
        } else if (error.status === 409) {
          text = "No reference dataset yet: upload one with PUT " + modelPath("/reference") + " (" + error.message + ")";
        } else if (error.status === 422) {
          text = "Nothing to compare: " + error.message;
        } else {
          text = "Drift detection failed: " + error.message;
        }
        runMessage([h("span", { "class": "error", id: "run-error", role: "alert", text: text })]);
      })
      .catch(showLoadError);
  }

  /* ---------- alerts and retraining ---------- */

  function renderAlerts(alerts) {
    var box = $("alerts");
    box.replaceChildren();
    if (alerts.length === 0) {
      box.appendChild(empty(["No alert is firing for this model."]));
      return;
    }
    var body = h("tbody");
    alerts.forEach(function (a) {
      body.appendChild(h("tr", { "data-alert-id": String(a.id) }, [
        h("th", { scope: "row", text: a.rule }),
        h("td", {}, [h("span", { "class": "badge " + (a.severity === "critical" ? "bad" : "neutral"), text: a.severity })]),
        h("td", { text: a.metric + " " + (a.condition || "") }),
        h("td", { "class": "num", text: fmt.decimal(a.fired_value, 4) + (a.last_value != null ? " (now " + fmt.decimal(a.last_value, 4) + ")" : "") }),
        h("td", { text: fmt.instant(a.fired_at) }),
        h("td", {}, a.drift_run_id != null ? [reportLink(a.drift_run_id, "run #" + a.drift_run_id)] : [])
      ]));
    });
    box.appendChild(h("div", { "class": "table-wrap" }, [h("table", { id: "alerts-table" }, [
      h("thead", {}, [h("tr", {}, ["Rule", "Severity", "Condition", "Value", "Fired", "Drift"].map(function (t, i) {
        return h("th", { scope: "col", "class": i === 3 ? "num" : null, text: t });
      }))]), body])]));
  }

  function renderRetraining(runs, available) {
    var box = $("retraining");
    box.replaceChildren();
    if (!available) {
      box.appendChild(empty(["This service does not record retraining runs yet (",
        code("GET /api/v1/retraining-runs"), " is not available)."]));
      return;
    }
    if (runs.length === 0) {
      box.appendChild(empty(["No retraining run for this model yet. An admin can ask for one with ",
        code("POST " + modelPath("/retraining-runs")), "."]));
      return;
    }
    var body = h("tbody");
    runs.forEach(function (r) {
      var reasons = Array.isArray(r.reasons) ? r.reasons.join("; ") : (r.reasons || "");
      body.appendChild(h("tr", { "data-retraining-id": String(r.id) }, [
        h("th", { scope: "row", text: "#" + r.id }),
        h("td", { text: [r.kind, r.trigger].filter(Boolean).join(", ") }),
        h("td", { text: [r.state, r.outcome].filter(Boolean).join(": ") +
          (r.exit_code != null ? " (exit " + r.exit_code + ")" : "") +
          (r.http_status != null ? " (HTTP " + r.http_status + ")" : "") }),
        h("td", { text: fmt.instant(r.requested_at) }),
        h("td", { text: fmt.instant(r.finished_at) }),
        h("td", { text: [r.source, reasons, r.detail].filter(Boolean).join(" \u2014 ") })
      ]));
    });
    box.appendChild(h("div", { "class": "table-wrap" }, [h("table", { id: "retraining-table" }, [
      h("thead", {}, [h("tr", {}, ["Run", "Kind, trigger", "State", "Requested", "Finished", "Why"].map(function (t) {
        return h("th", { scope: "col", text: t });
      }))]), body])]));
  }

  function loadAlerts() {
    var model = state.model.name;
    return api("/api/v1/alerts?state=firing&model=" + enc(model)).then(function (alerts) {
      if (state.model.name === model) {
        renderAlerts(alerts);
      }
    });
  }

  function loadRetraining(available) {
    var model = state.model.name;
    if (!available) {
      renderRetraining([], false);
      return Promise.resolve();
    }
    return api("/api/v1/retraining-runs?model=" + enc(model) + "&limit=10").then(function (runs) {
      if (state.model.name === model) {
        renderRetraining(Array.isArray(runs) ? runs : [], true);
      }
    }, function (error) {
      if (error.status === 404) {
        renderRetraining([], false);
        return;
      }
      throw error;
    });
  }

  /* ---------- loading ---------- */

  function load() {
    var model = state.model.name;
    var range = state.range;
    var serial = ++state.loading;
    document.body.setAttribute("aria-busy", "true");
    showLoadError(null);
    var requested = Date.now();
    var segment = state.segment;
    return api(modelPath("/dashboard?window=" + enc(range) + segmentParam())).then(function (dashboard) {
      if (serial !== state.loading) {
        return;
      }
      state.serverOffsetMs = Date.parse(dashboard.to) - (requested + Date.now()) / 2;
      state.referenceId = dashboard.reference_id;
      $("window-note").textContent = state.model.name + (segment ? ", segment " + segment : "") + ", " +
        (RANGES[range] || range) + ": " +
        fmt.instant(dashboard.from) + " to " + fmt.instant(dashboard.to) + ".";
      var metricsPath = modelPath("/metrics?from=" + enc(dashboard.from) + "&to=" + enc(dashboard.to) +
        segmentParam());
      return Promise.all([
        api(metricsPath).then(function (metrics) {
          if (serial === state.loading) {
            renderTiles(metrics, dashboard);
            renderEstimate(metrics);
            document.getElementById("tiles").setAttribute("data-window", range);
          }
        }),
        Promise.resolve().then(function () { renderVolume(dashboard); renderProbability(dashboard); }),
        loadDrift(),
        loadAlerts(),
        loadRetraining(dashboard.retraining_runs_available)
      ]);
    }).then(function () {
      if (serial === state.loading) {
        document.body.removeAttribute("aria-busy");
        document.body.setAttribute("data-loaded", model + "/" + range + (segment ? "/" + segment : ""));
      }
    }).catch(function (error) {
      if (serial === state.loading) {
        document.body.removeAttribute("aria-busy");
        showLoadError(error);
      }
    });
  }

  function remember() {
    var url = new URL(window.location.href);
    url.searchParams.set("model", state.model.name);
    url.searchParams.set("range", state.range);
    if (state.segment) {
      url.searchParams.set("segment", state.segment);
    } else {
      url.searchParams.delete("segment");
    }
    window.history.replaceState(null, "", url.pathname + url.search);
  }

  function init() {
    var params = new URLSearchParams(window.location.search);
    var wanted = params.get("model");
    var range = params.get("range");
    if (range && RANGES[range]) {
      state.range = range;
    }
    $("range").value = state.range;
    state.segment = params.get("segment") || "";
    api("/api/v1/models").then(function (models) {
      state.models = models;
      var select = $("model");
      models.forEach(function (m) {
        select.appendChild(h("option", { value: m.name, text: m.name + (m.description ? " \u2014 " + m.description : "") }));
      });
      state.model = models.filter(function (m) { return m.name === wanted; })[0] ||
        models.filter(function (m) { return m.default_model; })[0] || models[0];
      select.value = state.model.name;
      select.addEventListener("change", function () {
        state.model = state.models.filter(function (m) { return m.name === select.value; })[0];
        state.run = null;
        state.segment = "";
        loadSegments().catch(showLoadError).then(function () {
          remember();
          load();
        });
      });
      $("segment").addEventListener("change", function () {
        state.segment = $("segment").value;
        remember();
        load();
      });
      $("trend-feature").addEventListener("change", function () {
        state.trendFeature = $("trend-feature").value;
        loadTrend().catch(showLoadError);
      });
      $("range").addEventListener("change", function () {
        state.range = $("range").value;
        remember();
        load();
      });
      $("run-drift").addEventListener("click", runDrift);
      $("drift-table").querySelectorAll("th[data-key] button").forEach(function (button) {
        button.addEventListener("click", function () {
          var key = button.parentNode.getAttribute("data-key");
          var first = key === "name" || key === "test" || key === "p_value" ? "ascending" : "descending";
          var other = first === "ascending" ? "descending" : "ascending";
          state.sort = { key: key, direction: state.sort.key === key && state.sort.direction === first ? other : first };
          renderDriftTable();
        });
      });
      return loadSegments().catch(showLoadError).then(function () {
        remember();
        return load();
      });
    }).catch(showLoadError);
  }

  init();
})();
