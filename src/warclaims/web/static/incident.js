/* Incident page: one point on the offline basemap, drawn as on the overview (precision, credibility, contested). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("incident-data").textContent);
  var map = window.warclaimsMap.createMap("map");
  if (data.position) {
    var latlng = [data.position[0], data.position[1]];
    var props = { id: data.id, event_type: data.event_type, killed: data.killed, injured: data.injured, place: data.place,
                  admin1: data.admin1, approximate: data.position[2], location: data.location,
                  credibility: data.credibility, contested: data.contested };
    window.warclaimsMap.marker(latlng, props).bindPopup(window.warclaimsMap.popup(props)).addTo(map);
    map.setView(latlng, 7);
  }
})();
