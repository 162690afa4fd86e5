/* Shared map helpers: an offline Leaflet map on Natural Earth country boundaries (world-atlas). */
(function () {
  "use strict";
  var COLOURS = {
    airstrike: "#d62728", shelling: "#ff7f0e", bombing: "#8c564b", suicide_bombing: "#e377c2",
    armed_clash: "#1f77b4", chemical_attack: "#bcbd22", massacre_execution: "#7b2d8e",
    shooting: "#17becf", abduction_detention: "#2ca02c", other: "#7f7f7f"
  };
  var SYRIA_BOUNDS = [[32.2, 35.6], [37.4, 42.4]];

  function createMap(elementId) {
    var map = L.map(elementId, { zoomControl: true, attributionControl: true, minZoom: 3, maxZoom: 12,
                                 keyboard: true, worldCopyJump: false });
    map.fitBounds(SYRIA_BOUNDS);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Boundaries: Natural Earth");
    fetch("/static/vendor/world-atlas/countries-50m.json").then(function (r) { return r.json(); }).then(function (topo) {
      var countries = topojson.feature(topo, topo.objects.countries);
      L.geoJSON(countries, {
        interactive: false,
        style: function (f) {
          var syria = f.properties && f.properties.name === "Syria";
          return { color: syria ? "#44525e" : "#8b98a5", weight: syria ? 1.6 : 0.8,
                   fillColor: syria ? "#fbfaf5" : "#e8e6df", fillOpacity: 1 };
        }
      }).addTo(map).bringToBack();
      document.getElementById(elementId).setAttribute("data-basemap", "loaded");
    });
    return map;
  }

  function radius(killed) { return 4 + Math.sqrt(Math.max(0, killed || 0)) * 2.2; }

  function marker(latlng, props) {
    var colour = COLOURS[props.event_type] || COLOURS.other;
    return L.circleMarker(latlng, {
      radius: radius(props.killed), color: colour, weight: 2, fillColor: colour,
      fillOpacity: props.approximate ? 0.08 : 0.55, dashArray: props.approximate ? "3 3" : null
    });
  }

  /* Popup content built with DOM nodes and textContent only: no HTML from data. */
  function popup(props) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = "/incidents/" + encodeURIComponent(props.id);
    link.textContent = (props.event_type || "incident").replace(/_/g, " ") + (props.place ? " in " + props.place : "");
    box.appendChild(link);
    var line = document.createElement("div");
    line.textContent = (props.date || "date unknown") + " · killed " + (props.killed == null ? "unknown" : props.killed.toLocaleString("en")) +
      " · injured " + (props.injured == null ? "unknown" : props.injured.toLocaleString("en")) +
      (props.admin1 ? " · " + props.admin1 : "") + (props.approximate ? " (governorate centre)" : "");
    box.appendChild(line);
    return box;
  }

  window.warclaimsMap = { createMap: createMap, marker: marker, popup: popup, colours: COLOURS };
})();
