/* Focus-group sticky notes on the map (progressive enhancement).
   Mounts Leaflet (static/vendor/leaflet) on [data-fg-map] inside a note form: the
   record's notes are drawn as coloured dots, a tap sets the form's lat/lon fields.
   Without JavaScript the map stays hidden and the fields and places list are used.
   Leaflet inserts attributions, layer names and string tooltips as HTML: every text
   from a questionnaire or a note goes in escaped (esc) or as a DOM text (textElement). */
(function () {
  "use strict";
  function esc(value) {
    var span = document.createElement("span");
    span.textContent = value == null ? "" : String(value);
    return span.innerHTML;
  }
  function textElement(value) {
    var span = document.createElement("span");
    span.textContent = value == null ? "" : String(value);
    return span;
  }
  // "Smazat" asks in a dialog and posts at once; without JS the link opens a confirm page.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-fg-confirm]") : null;
    var note = link && link.closest("[data-note-id]");
    var form = note && note.querySelector("form[data-fg-delete-form]");
    if (!form) { return; }
    event.preventDefault();
    if (window.confirm(link.getAttribute("data-fg-confirm"))) { form.submit(); }
  });
  var root = document.querySelector("[data-fg-map]");
  if (!root || !window.L) { return; }
  var cfg;
  try { cfg = JSON.parse(root.getAttribute("data-fg-map")); } catch (e) { return; }
  var form = root.closest("form");
  var latInput = form.querySelector("[data-fg-lat]");
  var lonInput = form.querySelector("[data-fg-lon]");
  var status = root.querySelector("[data-fg-map-status]");
  var canvas = root.querySelector("[data-fg-map-canvas]");
  var bounds = L.latLngBounds(cfg.bounds);

  root.hidden = false;
  var map = L.map(canvas, { maxBounds: bounds.pad(0.1), zoomSnap: 0.25, tap: true });
  var base = null, bm = cfg.basemap || {};
  if (bm.type === "image" && bm.image) {
    base = L.imageOverlay(bm.image, bm.bounds || cfg.bounds, { attribution: esc(bm.attribution || "") });
  } else if (bm.url) {
    base = L.tileLayer(bm.url, { attribution: esc(bm.attribution || ""), maxZoom: 19 });
    if (bm.fallback) {
      base.on("tileerror", function () {
        if (map.hasLayer(base)) { map.removeLayer(base); L.imageOverlay(bm.fallback, cfg.bounds).addTo(map); }
      });
    }
  }
  if (base) { base.addTo(map); }
  var overlays = {};
  (cfg.photos || []).forEach(function (photo) {
    overlays[esc(photo.label)] = L.imageOverlay(photo.url, photo.bounds, { opacity: 0.85 });
  });
  if (Object.keys(overlays).length) {
    var bases = {}; if (base) { bases[esc(cfg.texts.town)] = base; }
    L.control.layers(bases, overlays).addTo(map);
  }
  var view = cfg.view || {};
  if (view.bounds) { map.fitBounds(view.bounds); }
  else if (view.center) { map.setView(view.center, view.zoom || 15); }
  else { map.fitBounds(bounds); }

  (cfg.notes || []).forEach(function (note) {
    L.circleMarker([note.lat, note.lon], { radius: 9, color: "#fff", weight: 2, fillColor: note.colour, fillOpacity: 0.9 })
      .bindTooltip(textElement(note.label + " (" + cfg.texts.agreed + ": " + note.agreed + ")"))
      .addTo(map);
  });

  var pending = null;
  function show(lat, lon) {
    var at = [lat, lon];
    if (pending) { pending.setLatLng(at); }
    else {
      pending = L.circleMarker(at, { radius: 13, color: "#1f7a4d", weight: 4, fillColor: "#f2b700", fillOpacity: 0.9 }).addTo(map);
    }
  }
  function parse(input) { var v = parseFloat(String(input.value).replace(",", ".")); return isNaN(v) ? null : v; }
  var startLat = parse(latInput), startLon = parse(lonInput);
  if (startLat !== null && startLon !== null) { show(startLat, startLon); }

  map.on("click", function (event) {
    var at = event.latlng;
    if (!bounds.contains(at)) { status.textContent = cfg.texts.outside; return; }
    latInput.value = at.lat.toFixed(6);
    lonInput.value = at.lng.toFixed(6);
    show(at.lat, at.lng);
    root.setAttribute("data-fg-point-set", "");
    status.textContent = cfg.texts.set;
  });
  [latInput, lonInput].forEach(function (input) {
    input.addEventListener("change", function () {
      var lat = parse(latInput), lon = parse(lonInput);
      if (lat !== null && lon !== null) { show(lat, lon); }
    });
  });
})();
