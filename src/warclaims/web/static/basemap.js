/* Shared map helpers: an offline Leaflet map on Natural Earth country boundaries (world-atlas), Syria's
   governorates (Natural Earth admin-1) and its largest places (GeoNames), all served by the app itself. */
(function () {
  "use strict";
  var COLOURS = {
    airstrike: "#d62728", shelling: "#ff7f0e", bombing: "#8c564b", suicide_bombing: "#e377c2",
    armed_clash: "#1f77b4", chemical_attack: "#bcbd22", massacre_execution: "#7b2d8e",
    shooting: "#17becf", abduction_detention: "#2ca02c", other: "#7f7f7f"
  };
  /* Fill of an incident by its reports' credibility verdicts (server's CREDIBILITY_CLASSES). */
  var CREDIBILITY = { credible: "#2166ac", doubtful: "#e08214", unassessed: "#8c8c8c" };
  var CONTESTED = "#67001f";
  var SYRIA_BOUNDS = [[32.2, 35.6], [37.4, 42.4]];
  var BASEMAP = "/static/geo/syria-admin1.topo.json";
  var ALL_PLACES_ZOOM = 8;  // below it only governorate capitals and the largest cities are named

  function getJSON(url) { return fetch(url).then(function (r) { return r.json(); }); }

  function pane(map, name, zIndex) {
    map.createPane(name);
    map.getPane(name).style.zIndex = String(zIndex);
    map.getPane(name).style.pointerEvents = "none";  // the base never takes a click from a marker
  }

  function countries(map, topo) {
    L.geoJSON(topojson.feature(topo, topo.objects.countries), {
      pane: "base", interactive: false,
      style: function (f) {
        var syria = f.properties && f.properties.name === "Syria";
        return { color: syria ? "#44525e" : "#8b98a5", weight: syria ? 1.6 : 0.8,
                 fillColor: syria ? "#fbfaf5" : "#e8e6df", fillOpacity: 1 };
      }
    }).addTo(map);
  }

  /* Governorate outlines (drawn above the country fill) and the largest places as text labels. */
  function syria(map, topo, el) {
    var governorates = topojson.feature(topo, topo.objects.governorates);
    L.geoJSON(governorates, {
      pane: "admin", interactive: false,
      style: function (f) {
        return { color: "#6b7b8c", weight: 1, dashArray: f.properties.admin1 ? "4 3" : "1 3", fill: false,
                 className: "governorate" };
      }
    }).addTo(map);
    var labels = L.layerGroup().addTo(map), all = [];
    topojson.feature(topo, topo.objects.places).features.forEach(function (f) {
      var p = f.properties, major = p.label === p.admin1 || p.rank <= 10;
      var text = document.createElement("span");
      text.textContent = p.label;  // text only: no HTML from data
      var icon = L.divIcon({ className: "place-label" + (major ? " major" : ""), html: text, iconSize: null });
      all.push({ marker: L.marker([f.geometry.coordinates[1], f.geometry.coordinates[0]],
                                  { icon: icon, pane: "labels", interactive: false, keyboard: false }), major: major });
    });
    function show() {
      var every = map.getZoom() >= ALL_PLACES_ZOOM;
      labels.clearLayers();
      all.forEach(function (x) { if (every || x.major) { x.marker.addTo(labels); } });
      el.setAttribute("data-places", String(labels.getLayers().length));
    }
    map.on("zoomend", show);
    show();
    el.setAttribute("data-boundaries", String(governorates.features.length));
  }

  function createMap(elementId) {
    var el = document.getElementById(elementId);
    var map = L.map(elementId, { zoomControl: true, attributionControl: true, minZoom: 3, maxZoom: 12,
                                 keyboard: true, worldCopyJump: false });
    map.fitBounds(SYRIA_BOUNDS);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Boundaries: Natural Earth · Places: GeoNames (CC BY 4.0)");
    pane(map, "base", 200);
    pane(map, "admin", 250);
    pane(map, "labels", 450);  // names above the circles (they take no clicks), haloed to stay readable
    Promise.all([getJSON("/static/vendor/world-atlas/countries-50m.json"), getJSON(BASEMAP)]).then(function (topos) {
      countries(map, topos[0]);
      syria(map, topos[1], el);
      el.setAttribute("data-basemap", "loaded");
    });
    return map;
  }

  function radius(killed) { return 4 + Math.sqrt(Math.max(0, killed || 0)) * 2.2; }

  /* An incident's circle: area by killed, fill by credibility, a dark ring when its claims are contested;
     dashed when placed at a city's centroid, hollow and dashed at a governorate's centre. */
  function marker(latlng, props) {
    var location = props.location || (props.approximate ? "area" : "point");
    var credibility = CREDIBILITY[props.credibility] ? props.credibility : "unassessed";
    var fill = CREDIBILITY[credibility];
    return L.circleMarker(latlng, {
      radius: radius(props.killed), color: props.contested ? CONTESTED : fill, weight: props.contested ? 3.5 : 2,
      fillColor: fill, fillOpacity: location === "area" ? 0.05 : (location === "city" ? 0.3 : 0.6),
      dashArray: location === "point" ? null : (location === "area" ? "2 4" : "6 3"),
      lineCap: location === "point" ? "round" : "butt",  // round caps would close the gaps of a thick ring
      className: "incident-marker loc-" + location + " cred-" + credibility + (props.contested ? " contested" : "")
    });
  }

  var LOCATION_NOTE = { city: " (placed at the city's centre)", area: " (placed at the governorate's centre: no precise place)" };
  var CREDIBILITY_NOTE = { credible: "most reports judged credible", doubtful: "most reports judged doubtful or unverifiable",
                           unassessed: "credibility not assessed" };

  /* Popup content built with DOM nodes and textContent only: no HTML from data. */
  function popup(props) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = "/incidents/" + encodeURIComponent(props.id);
    link.textContent = (props.event_type || "incident").replace(/_/g, " ") + (props.place ? " in " + props.place : "");
    box.appendChild(link);
    var line = document.createElement("div");
    var location = props.location || (props.approximate ? "area" : "point");
    line.textContent = (props.date || "date unknown") + " · killed " + (props.killed == null ? "unknown" : props.killed.toLocaleString("en")) +
      " · injured " + (props.injured == null ? "unknown" : props.injured.toLocaleString("en")) +
      (props.admin1 ? " · " + props.admin1 : "") + (LOCATION_NOTE[location] || "");
    box.appendChild(line);
    var status = document.createElement("div");
    status.textContent = (props.contested ? "contested claims" : "claims agree") + " · " +
      (CREDIBILITY_NOTE[props.credibility] || CREDIBILITY_NOTE.unassessed) +
      (props.assessed_reports ? " (" + props.credible_reports + " of " + props.assessed_reports + " credible)" : "");
    box.appendChild(status);
    return box;
  }

  window.warclaimsMap = { createMap: createMap, marker: marker, popup: popup, colours: COLOURS,
                          credibility: CREDIBILITY, contested: CONTESTED };
})();
