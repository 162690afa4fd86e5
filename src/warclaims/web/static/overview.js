/* Overview: the filtered incidents on the map and killed/injured per day (or week, month) as SVG bars.
   Both read the page's query string, so the filter form drives both. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var query = window.location.search.replace(/^\?/, "").split("&").filter(function (p) {
    return p && p.indexOf("cursor=") !== 0;
  }).join("&");

  function getJSON(path) {
    return fetch(path + (query ? "?" + query : ""), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); });
  }

  function drawMap() {
    var el = document.getElementById("map");
    var map = window.warclaimsMap.createMap("map");
    getJSON("/api/map").then(function (data) {
      var bounds = [];
      (data.features || []).slice().reverse().forEach(function (f) {
        var latlng = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
        window.warclaimsMap.marker(latlng, f.properties).bindPopup(window.warclaimsMap.popup(f.properties)).addTo(map);
        bounds.push(latlng);
      });
      if (bounds.length > 1) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 8 }); }
      else if (bounds.length === 1) { map.setView(bounds[0], 7); }
      el.setAttribute("data-points", String(bounds.length));
    });
    referenceLayer(map);
  }

  /* The toggleable layer of reference events (UCDP GED) for the filtered period and governorate. */
  function referenceLayer(map) {
    var box = document.getElementById("reference-layer");
    var count = document.getElementById("reference-count");
    if (!box) { return; }
    var layer = null;
    box.addEventListener("change", function () {
      if (!box.checked) {
        if (layer) { map.removeLayer(layer); }
        count.textContent = "";
        return;
      }
      if (layer) { layer.addTo(map); return; }
      getJSON("/api/reference/map").then(function (data) {
        layer = window.L.layerGroup();
        (data.features || []).forEach(function (f) {
          var p = f.properties;
          var text = document.createElement("div");
          text.textContent = "UCDP GED " + p.record_id + " · " + p.date + " · " + (p.place || "") +
            " · " + (p.side_a || "") + " / " + (p.side_b || "") + " · low/best/high " + p.low + "/" + p.best + "/" + p.high +
            (p.headline ? " · " + p.headline : "");
          window.L.circleMarker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {
            radius: 3 + Math.min(10, Math.sqrt(p.best || 0)), color: "#555", weight: 1, fillOpacity: 0.25,
            className: "reference-event"
          }).bindPopup(text).addTo(layer);
        });
        if (box.checked) { layer.addTo(map); }
        count.textContent = (data.features || []).length + " of " + (data.total || 0) + " events" +
          (data.period ? " from " + data.period.from + " to " + data.period.to : "");
        document.getElementById("map").setAttribute("data-reference-points", String((data.features || []).length));
      });
    });
  }

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  var DAY = 86400000;
  var params = new URLSearchParams(window.location.search);

  function formatDay(t, withYear) {
    var opts = { day: "numeric", month: "short", timeZone: "UTC" };
    if (withYear !== false) { opts.year = "numeric"; }
    return new Date(t).toLocaleDateString("en-GB", opts);
  }

  function dayMs(iso) { return Date.parse(iso + "T00:00:00Z"); }
  function isoOf(t) { return new Date(t).toISOString().slice(0, 10); }

  /* The span drawn: the filter's own from/to where given, else the data's first and last day. */
  function span(rows) {
    var f = params.get("from"), t = params.get("to");
    var t0 = f && !isNaN(dayMs(f)) ? dayMs(f) : dayMs(rows[0].date);
    var t1 = t && !isNaN(dayMs(t)) ? dayMs(t) : dayMs(rows[rows.length - 1].date);
    return t1 < t0 ? [t1, t0] : [t0, t1];
  }

  /* Bars per day up to about three months, per week (Monday first) up to three years, per month beyond:
     enough room for each bar to be seen and clicked. */
  function binning(t0, t1) {
    var days = (t1 - t0) / DAY + 1;
    if (days <= 92) { return "day"; }
    return days <= 3 * 366 ? "week" : "month";
  }

  function binStart(t, unit) {
    var d = new Date(t);
    if (unit === "week") { return t - ((d.getUTCDay() + 6) % 7) * DAY; }
    if (unit === "month") { return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1); }
    return t;
  }

  function nextBin(t, unit) {
    if (unit === "week") { return t + 7 * DAY; }
    if (unit === "month") { var d = new Date(t); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1); }
    return t + DAY;
  }

  /* Every bin of the span, zero-filled: a bin without incidents keeps its place but gets no bar. */
  function bins(rows, t0, t1, unit) {
    var out = [], index = {};
    for (var t = binStart(t0, unit); t <= t1; t = nextBin(t, unit)) {
      index[t] = out.length;
      out.push({ start: t, end: nextBin(t, unit) - DAY, best: 0, low: 0, high: 0, injured: 0, incidents: 0, contested: 0, days: 0 });
    }
    rows.forEach(function (r) {
      var b = out[index[binStart(dayMs(r.date), unit)]];
      if (!b) { return; }
      b.best += r.best; b.low += r.low; b.high += r.high; b.injured += r.injured || 0;
      b.incidents += r.incidents; b.contested += r.contested || 0; b.days += 1;
    });
    return out;
  }

  /* The overview's URL filtered to one bin (its first to its last day), other filters kept. */
  function binURL(b) {
    var q = new URLSearchParams(window.location.search);
    q.delete("cursor");
    q.set("from", isoOf(b.start));
    q.set("to", isoOf(b.end));
    return "/?" + q.toString();
  }

  function binLabel(b, unit) {
    if (unit === "day") { return formatDay(b.start); }
    if (unit === "week") { return "week of " + formatDay(b.start); }
    return new Date(b.start).toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
  }

  function drawTimeline(rows) {
    var box = document.getElementById("timeline");
    box.textContent = "";
    if (!rows.length) { box.textContent = "No dated incidents match these filters."; box.setAttribute("data-days", "0"); return; }
    var range = span(rows), unit = binning(range[0], range[1]);
    var data = bins(rows, range[0], range[1], unit);
    // Drawn at the box's own pixel width, so labels keep their size on a phone and on a desktop.
    var W = Math.max(280, Math.round(box.clientWidth || 640)), H = 280, m = { l: 48, r: 10, t: 22, b: 42 };
    var ymax = Math.max.apply(null, data.map(function (b) { return Math.max(b.high, b.injured); })) || 1;
    var slot = (W - m.l - m.r) / data.length;
    function y(v) { return H - m.b - v / ymax * (H - m.t - m.b); }
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "presentation" }, box);
    var axis = el("g", { "class": "axis" }, svg);
    [0, ymax / 2, ymax].forEach(function (v) {
      el("line", { "class": "grid", x1: m.l, x2: W - m.r, y1: y(v), y2: y(v) }, axis);
      var t = el("text", { x: m.l - 6, y: y(v) + 4, "text-anchor": "end" }, axis);
      t.textContent = Math.round(v).toLocaleString("en");
    });
    var bars = el("g", { "class": "bars" }, svg), drawn = 0;
    data.forEach(function (b, i) {
      if (!b.incidents) { return; }  // no incident: no bar (zero, not an invented value)
      var w = Math.max(1, Math.min(48, slot * 0.9)), x0 = m.l + i * slot + (slot - w) / 2, half = Math.max(1, w / 2);
      var link = el("a", { href: binURL(b), "class": "bin", "data-start": isoOf(b.start), "data-end": isoOf(b.end) }, bars);
      var title = el("title", {}, link);
      title.textContent = binLabel(b, unit) + ": " + b.best.toLocaleString("en") + " killed (range " + b.low + "–" + b.high +
        "), " + b.injured.toLocaleString("en") + " injured, " + b.incidents + " incident" + (b.incidents === 1 ? "" : "s") +
        (b.contested ? ", " + b.contested + " contested" : "") + ". Click to filter to " + (unit === "day" ? "this day." : "this " + unit + ".");
      el("rect", { "class": "hit", x: m.l + i * slot, y: m.t, width: slot, height: H - m.t - m.b }, link);
      el("rect", { "class": "bar killed", x: x0, y: y(b.best), width: half, height: Math.max(1, y(0) - y(b.best)) }, link);
      if (b.high > b.low) { el("line", { "class": "range", x1: x0 + half / 2, x2: x0 + half / 2, y1: y(b.high), y2: y(b.low) }, link); }
      if (b.injured) { el("rect", { "class": "bar injured", x: x0 + half, y: y(b.injured), width: half, height: Math.max(1, y(0) - y(b.injured)) }, link); }
      if (b.contested) { el("circle", { "class": "contested-mark", cx: x0 + w / 2, cy: m.t - 8, r: Math.min(4, Math.max(2, slot / 2)) }, link); }
      drawn += 1;
    });
    el("line", { x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b }, axis);
    xTicks(axis, data, unit, slot, W, H, m);
    box.setAttribute("data-days", String(rows.length));
    box.setAttribute("data-bin", unit);
    box.setAttribute("data-bars", String(drawn));
    var note = document.getElementById("timeline-range");
    if (note) {
      note.textContent = formatDay(range[0]) + " – " + formatDay(range[1]) + " · one bar per " + unit +
        " · empty where no incident was reported";
    }
  }

  /* Date labels under the axis, at bins about 90 px apart: the first and the last bin always, each under its bin. */
  function xTicks(axis, data, unit, slot, W, H, m) {
    var n = Math.max(1, Math.min(data.length, Math.floor((W - m.l - m.r) / 90)));
    var first = data[0].start, last = data[data.length - 1].start;
    var sameYear = new Date(first).getUTCFullYear() === new Date(last).getUTCFullYear();
    var seen = {};
    for (var k = 0; k < n; k++) {
      var i = n === 1 ? 0 : Math.round((data.length - 1) * k / (n - 1));
      if (seen[i]) { continue; }
      seen[i] = true;
      var edge = k === 0 || k === n - 1;
      var x = m.l + (i + 0.5) * slot;
      var anchor = n === 1 ? "middle" : (k === 0 ? "start" : (k === n - 1 ? "end" : "middle"));
      if (n > 1 && k === 0) { x = m.l + i * slot; }
      if (n > 1 && k === n - 1) { x = m.l + (i + 1) * slot; }
      var label = el("text", { x: x, y: H - m.b + 18, "text-anchor": anchor }, axis);
      label.textContent = unit === "month" ? new Date(data[i].start).toLocaleDateString("en-GB", { month: "short", year: "numeric", timeZone: "UTC" })
        : formatDay(data[i].start, !sameYear || edge);
    }
  }

  drawMap();
  getJSON("/api/timeline").then(function (data) {
    var rows = data.rows || [], width = 0, pending = null;
    drawTimeline(rows);
    width = document.getElementById("timeline").clientWidth;
    // drawn at the box's pixel width: drawn again when that width changes (rotation, resize)
    window.addEventListener("resize", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(function () {
        var now = document.getElementById("timeline").clientWidth;
        if (now !== width) { width = now; drawTimeline(rows); }
      }, 150);
    });
  });
})();
