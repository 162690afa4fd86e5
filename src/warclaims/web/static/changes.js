/* Overview: the "Latest changes" panel reloads the newest change events every data-refresh
   seconds. Text goes in through textContent only (summaries quote article places). */
(function () {
  "use strict";
  var list = document.getElementById("changes");
  if (!list || !window.fetch) { return; }
  var seconds = parseInt(list.getAttribute("data-refresh"), 10) || 30;

  function item(e) {
    var li = document.createElement("li");
    li.setAttribute("data-id", String(e.id));
    var time = document.createElement("time");
    time.setAttribute("datetime", e.at);
    time.textContent = e.at.slice(0, 16).replace("T", " ");
    var kind = document.createElement("span");
    kind.className = "kind";
    kind.textContent = e.kind.replace(/_/g, " ");
    li.appendChild(time);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(kind);
    li.appendChild(document.createTextNode(" "));
    if (e.incident_id) {
      var a = document.createElement("a");
      a.href = "/incidents/" + encodeURIComponent(e.incident_id);
      a.textContent = e.summary;
      li.appendChild(a);
    } else {
      li.appendChild(document.createTextNode(e.summary));
    }
    return li;
  }

  function refresh() {
    fetch("/api/events?limit=" + (list.children.length > 8 ? list.children.length : 8), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (body) {
        if (!body.ok || !body.rows.length) { return; }
        var first = list.querySelector("li[data-id]");
        if (first && first.getAttribute("data-id") === String(body.rows[0].id)) { return; }
        while (list.firstChild) { list.removeChild(list.firstChild); }
        body.rows.forEach(function (e) { list.appendChild(item(e)); });
        list.setAttribute("data-updated", new Date().toISOString());
      })
      .catch(function () { /* keep the panel as it is; the next tick tries again */ });
  }

  window.setInterval(refresh, seconds * 1000);
})();
