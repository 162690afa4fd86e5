/* Overview: the filtered incidents on the map and killed per day as an SVG band chart.
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

  function formatDay(iso) {
    var d = new Date(iso + "T00:00:00Z");
    return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  }

  function drawTimeline(rows) {
    var box = document.getElementById("timeline");
    box.textContent = "";
    if (!rows.length) { box.textContent = "No dated incidents match these filters."; box.setAttribute("data-days", "0"); return; }
    var W = 640, H = 260, m = { l: 44, r: 12, t: 12, b: 28 };
    var t0 = Date.parse(rows[0].date), t1 = Date.parse(rows[rows.length - 1].date);
    if (t1 === t0) { t0 -= 86400000; t1 += 86400000; }
    var ymax = Math.max.apply(null, rows.map(function (r) { return r.high; })) || 1;
    function x(iso) { return m.l + (Date.parse(iso) - t0) / (t1 - t0) * (W - m.l - m.r); }
    function y(v) { return H - m.b - v / ymax * (H - m.t - m.b); }
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, preserveAspectRatio: "none", "aria-hidden": "true" }, box);
    var upper = rows.map(function (r) { return x(r.date) + "," + y(r.high); });
    var lower = rows.slice().reverse().map(function (r) { return x(r.date) + "," + y(r.low); });
    el("polygon", { "class": "band", points: upper.concat(lower).join(" ") }, svg);
    el("polyline", { "class": "line", points: rows.map(function (r) { return x(r.date) + "," + y(r.best); }).join(" ") }, svg);
    var axis = el("g", { "class": "axis" }, svg);
    el("line", { x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b }, axis);
    el("line", { x1: m.l, x2: m.l, y1: m.t, y2: H - m.b }, axis);
    [0, ymax / 2, ymax].forEach(function (v) {
      var t = el("text", { x: m.l - 6, y: y(v) + 4, "text-anchor": "end" }, axis);
      t.textContent = Math.round(v).toLocaleString("en");
    });
    [rows[0].date, rows[rows.length - 1].date].forEach(function (d, i) {
      var t = el("text", { x: x(d), y: H - 8, "text-anchor": i ? "end" : "start" }, axis);
      t.textContent = formatDay(d);
    });
    box.setAttribute("data-days", String(rows.length));
  }

  drawMap();
  getJSON("/api/timeline").then(function (data) { drawTimeline(data.rows || []); });
})();
