/* The dashboard's map: replaces the server-drawn picture of the 100 m squares with a
   Leaflet map (vendored, no CDN) on the questionnaire's basemap. Progressive
   enhancement: without JavaScript or Leaflet the picture stays. Draws only what
   grid.json returns, which for the city holds no square under the minimum count. */
(function () {
  "use strict";
  var box = document.querySelector("[data-summary-map]");
  if (!box || !window.L || !window.fetch) return;
  var bounds = JSON.parse(box.getAttribute("data-bounds"));
  var basemap = JSON.parse(box.getAttribute("data-basemap") || "{}");
  var label = box.getAttribute("data-label-n");

  fetch(box.getAttribute("data-grid"), {headers: {Accept: "application/json"}, credentials: "same-origin"})
    .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
    .then(draw)
    .catch(function () { /* keep the picture */ });

  function text(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span.innerHTML;
  }

  function draw(cells) {
    box.innerHTML = "";
    var map = L.map(box, {maxBounds: bounds, maxBoundsViscosity: 1.0});
    map.attributionControl.setPrefix(false);
    map.fitBounds(bounds);
    if (basemap.type === "image" && basemap.image) {
      L.imageOverlay(basemap.image, basemap.bounds || bounds, {attribution: text(basemap.attribution || "")}).addTo(map);
    } else if (basemap.url) {
      L.tileLayer(basemap.url, {attribution: text(basemap.attribution || ""), maxZoom: 19}).addTo(map);
    }
    var top = 1;
    cells.features.forEach(function (f) { top = Math.max(top, f.properties.n); });
    L.geoJSON(cells, {
      style: function (f) {
        var share = f.properties.n / top;
        return {color: "#b30000", weight: 1, fillColor: "#e34a33", fillOpacity: 0.2 + 0.6 * share};
      },
      onEachFeature: function (f, layer) {
        var lines = Object.keys(f.properties.categories).map(function (name) {
          return text(name) + ": " + f.properties.categories[name];
        });
        layer.bindPopup("<strong>" + f.properties.n + " " + text(label) + "</strong><br>" + lines.join("<br>"));
      }
    }).addTo(map);
  }
})();
