// Feeling map (pocitová mapa): progressive enhancement of a `map` question.
// The server never needs this script: without it (or when Leaflet or the map fails)
// the places list under the map is the answer. With it, a tap on the map places a pin
// and opens a picker; finished marks are written as JSON into the hidden input <qid>
// on every change, so the form posts them like any other answer and Back restores them.
(function () {
  "use strict";
  var L = window.L;
  if (!L || !document.querySelectorAll) return;
  window.__surveyMaps = window.__surveyMaps || {}; // the browser tests read maps from here

  var round6 = function (x) { return Math.round(x * 1e6) / 1e6; };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // Leaflet inserts attributions as HTML; questionnaire text is shown as text only.
  var ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"};
  function escapeHtml(text) {
    return String(text || "").replace(/[&<>"']/g, function (c) { return ENTITIES[c]; });
  }

  function setup(widget) {
    var cfg = JSON.parse(widget.getAttribute("data-map"));
    var T = cfg.texts;
    var box = widget.parentNode;
    var input = box.querySelector("[data-map-marks]");
    var fallback = box.querySelector("[data-map-fallback]");
    var status = widget.querySelector("[data-map-status]");
    var list = widget.querySelector("[data-map-list]");
    // {category value: {text_key, audio}}: the categories that can be read aloud.
    var speech = JSON.parse(list.getAttribute("data-map-speech") || "{}");
    var empty = widget.querySelector("[data-map-empty]");
    var canvas = widget.querySelector("[data-map-canvas]");
    var picker = widget.querySelector("[data-map-picker]");
    var title = picker.querySelector("[data-picker-title]");
    var comment = picker.querySelector("[data-picker-comment]");
    var pickerError = picker.querySelector("[data-picker-error]");
    var aimButton = widget.querySelector("[data-map-aim]");
    var crosshair = widget.querySelector("[data-map-crosshair]");
    var addHere = widget.querySelector("[data-map-add-here]");
    var help = widget.querySelector("[data-map-help]");
    // Old browsers without <dialog> keep the places list (the caller shows it).
    if (typeof picker.showModal !== "function") throw new Error("no <dialog> support");
    var categories = {};
    cfg.categories.forEach(function (c) { categories[c.value] = c; });
    var asksFeeling = cfg.feelings.length > 1;
    var bounds = cfg.bounds ? L.latLngBounds(cfg.bounds) : null;
    var marks = [];   // {lat, lon, category, feeling, comment, marker}
    var kept = [];    // place marks from the list fallback: kept as they are
    var editing = null, isNew = false, choice = {}, aiming = false;
    // On a touch screen one finger scrolls the page past the map and a tap places a pin;
    // two fingers move and zoom the map (Leaflet's touch zoom also pans). A mouse drags it.
    var touch = Boolean(window.matchMedia && window.matchMedia("(pointer: coarse)").matches);

    widget.hidden = false;
    // Places ticked in the list stay visible so that they can be unticked.
    if (fallback && !fallback.querySelector("input:checked")) fallback.hidden = true;

    var map = L.map(canvas, {zoomControl: false, doubleClickZoom: false, maxZoom: 18, dragging: !touch,
                             maxBounds: bounds, maxBoundsViscosity: 1.0});
    L.control.zoom({zoomInTitle: T.zoom_in, zoomOutTitle: T.zoom_out}).addTo(map);
    map.attributionControl.setPrefix(false);
    // Open on the whole area around the centre (e.g. the estate) when the page knows it.
    if (cfg.view) map.fitBounds(cfg.view, {animate: false}); else map.setView(cfg.center || bounds.getCenter(), cfg.zoom);
    // Never zoom out so far that the view shows more than the map's bounds.
    if (bounds) map.setMinZoom(Math.min(map.getBoundsZoom(bounds, true), cfg.zoom));
    window.__surveyMaps[cfg.question] = map;
    addBasemap(cfg.basemap || {});

    function addBasemap(basemap) {
      var attribution = escapeHtml(basemap.attribution);
      var image = function (url, credit) {
        return L.imageOverlay(url, basemap.bounds || cfg.bounds, {attribution: credit}).addTo(map);
      };
      if (basemap.type === "image") { image(basemap.image, attribution); return; }
      var tiles = L.tileLayer(basemap.url, {attribution: attribution, maxZoom: 19});
      var loaded = false, givenUp = false;
      var giveUp = function () {
        if (loaded || givenUp) return;
        givenUp = true;
        map.removeLayer(tiles);
        if (basemap.fallback) { image(basemap.fallback, ""); } else { failed(); }  // the tiles' credit is not the image's
      };
      tiles.on("tileload", function () { loaded = true; });
      tiles.on("tileerror", giveUp);
      window.setTimeout(giveUp, 10000);  // a tile server that never answers
      tiles.addTo(map);
    }

    function failed() {
      say(T.failed, true, true);
      if (fallback) fallback.hidden = false;
    }

    // The bar under the map hides nothing: a message stays until the next one.
    var sayTimer = null;
    function say(text, warn, quiet) {
      hush();
      status.classList.toggle("is-warning", Boolean(warn));
      sayTimer = window.setTimeout(function () {  // re-announced each time
        status.textContent = text;
        if (!quiet) reveal();
      }, 30);
    }

    function hush() {
      window.clearTimeout(sayTimer);
      status.textContent = "";
    }

    // Scroll the least that shows the bar (map and bar fit one screen: map.css).
    function reveal() {
      var box = status.getBoundingClientRect();
      var height = window.innerHeight || document.documentElement.clientHeight;
      if (box.top < 0 || box.bottom > height) status.scrollIntoView({block: "nearest"});
    }

    function count() {
      var ticked = fallback ? fallback.querySelectorAll("input:checked").length : 0;
      return marks.length + ticked;
    }

    // ---- marks ----
    function makeMarker(mark) {
      var pin = el("div", "map-pin");
      var picture = el("img");
      picture.alt = "";  // the pin's name (its aria-label) says what it shows
      pin.appendChild(picture);
      var icon = L.divIcon({html: pin, className: "map-pin-box", iconSize: [48, 60], iconAnchor: [24, 60]});
      var marker = L.marker([mark.lat, mark.lon], {icon: icon, draggable: true, autoPan: true,
                                                   title: T.new_mark}).addTo(map);
      marker.getElement().setAttribute("aria-label", T.new_mark);
      marker.on("click", function () { if (!picker.open) openPicker(mark, false); });
      marker.on("keypress", function (event) {  // Leaflet makes a focused pin role=button
        var key = event.originalEvent.key;
        if ((key === "Enter" || key === " ") && !picker.open) {
          event.originalEvent.preventDefault();
          openPicker(mark, false);
        }
      });
      marker.on("dragend", function () {
        var at = marker.getLatLng();
        if (bounds && !bounds.contains(at)) {  // dragged off the map: back to the nearest edge
          at = L.latLng(Math.min(Math.max(at.lat, bounds.getSouth()), bounds.getNorth()),
                        Math.min(Math.max(at.lng, bounds.getWest()), bounds.getEast()));
          marker.setLatLng(at);
        }
        mark.lat = round6(at.lat);
        mark.lon = round6(at.lng);
        save();
        say(T.moved);
      });
      mark.marker = marker;
      return mark;
    }

    function label(mark) {
      var category = categories[mark.category];
      var text = category ? category.label : "?";
      var feeling = asksFeeling && mark.feeling ? T[mark.feeling] : "";
      return feeling && feeling !== text ? text + " – " + feeling : text;
    }

    function drawMarker(mark) {
      var node = mark.marker.getElement();
      var pin = node.querySelector(".map-pin");
      var category = categories[mark.category];
      pin.style.backgroundColor = category ? category.colour : "#5b6473";
      pin.querySelector("img").src = category && category.icon ? category.icon
        : cfg.feeling_icons[mark.feeling] || cfg.feeling_icons.unsafe;
      pin.classList.toggle("is-safe", mark.feeling === "safe");
      var name = mark.category ? label(mark) : T.new_mark;
      node.setAttribute("aria-label", name);
      node.title = name;
    }

    function tryAdd(latlng) {
      if (count() >= cfg.max_marks) { say(T.full, true); return; }
      if (bounds && !bounds.contains(latlng)) { say(T.outside, true); return; }
      var mark = makeMarker({lat: round6(latlng.lat), lon: round6(latlng.lng), category: null,
                             feeling: cfg.feelings.length === 1 ? cfg.feelings[0] : null, comment: ""});
      drawMarker(mark);
      openPicker(mark, true);
    }

    function remove(mark, quiet) {  // quiet: from the list, no scroll
      map.removeLayer(mark.marker);
      var index = marks.indexOf(mark);
      if (index !== -1) marks.splice(index, 1);
      save();
      render();
      say(T.deleted, false, quiet);
    }

    function save() {
      var out = marks.map(function (m) {
        var mark = {lat: m.lat, lon: m.lon, category: m.category};
        if (m.feeling) mark.feeling = m.feeling;
        if (m.comment) mark.comment = m.comment;
        return mark;
      });
      input.value = JSON.stringify(out.concat(kept));
      input.dispatchEvent(new Event("change", {bubbles: true}));  // show_if rules on the page
    }

    function button(text, hidden, className, action) {
      var node = el("button", "button " + className, text);
      node.type = "button";
      node.appendChild(el("span", "visually-hidden", hidden));
      node.addEventListener("click", action);
      return node;
    }

    // A speaker beside a mark's category, from the page's data and with DOM calls only;
    // read_aloud.js shows it, gives it the loudspeaker picture and plays it.
    function speaker(value) {
      var voice = Object.prototype.hasOwnProperty.call(speech, value) ? speech[value] : null;
      if (!voice || typeof voice.audio !== "string") return null;
      var node = el("button", "read-aloud-speaker");
      node.type = "button";
      node.hidden = true;
      node.setAttribute("data-audio-src", voice.audio);
      node.setAttribute("data-text-key", voice.text_key);
      node.setAttribute("aria-label", T.read_aloud);
      node.title = T.read_aloud;
      return node;
    }

    function render() {
      list.textContent = "";
      marks.forEach(function (mark, i) {
        var item = el("li", "map-mark");
        var category = categories[mark.category];
        var img = el("img", "map-mark-icon");
        img.alt = "";
        img.src = category && category.icon ? category.icon : cfg.feeling_icons.unsafe;
        item.appendChild(img);
        if (asksFeeling && cfg.feeling_icons[mark.feeling]) {  // a face says it to those who do not read
          var face = el("img", "map-mark-icon");
          face.alt = "";
          face.src = cfg.feeling_icons[mark.feeling];
          item.appendChild(face);
        }
        item.appendChild(el("span", "map-mark-label", label(mark)));
        var which = " – " + T.mark + " " + (i + 1);
        var voice = speaker(mark.category);
        if (voice) { voice.setAttribute("data-read-aloud-which", which); item.appendChild(voice); }
        item.appendChild(button(T.change, which, "map-mark-change", function () {
          map.panTo(mark.marker.getLatLng());
          openPicker(mark, false);
        }));
        item.appendChild(button(T.delete, which, "button-danger map-mark-delete", function () {
          remove(mark, true);
          var left = list.querySelectorAll(".map-mark-delete");
          (left[i] || left[left.length - 1] || canvas).focus();
        }));
        list.appendChild(item);
      });
      empty.hidden = marks.length > 0;
    }

    // ---- the category picker ----
    function openPicker(mark, fresh) {
      editing = mark;
      isNew = fresh;
      choice = {feeling: mark.feeling, category: mark.category};
      title.textContent = title.getAttribute(fresh ? "data-new" : "data-edit");
      if (comment) comment.value = mark.comment || "";
      pickerError.hidden = true;
      syncPicker();
      hush();  // the sheet covers the bar
      picker.showModal();
      // Focus the title, not the first choice: a focus ring there looks like a choice already made.
      title.focus();
    }

    function syncPicker() {
      picker.querySelectorAll("[data-feeling]").forEach(function (b) {
        b.setAttribute("aria-pressed", String(b.getAttribute("data-feeling") === choice.feeling));
      });
      picker.querySelectorAll("[data-category]").forEach(function (b) {
        b.setAttribute("aria-pressed", String(b.getAttribute("data-category") === choice.category));
      });
    }

    function complete() { return Boolean(choice.category && (!asksFeeling || choice.feeling)); }

    function finish() {
      if (asksFeeling && !choice.feeling) return pickerSays(T.need_feeling);
      if (!choice.category) return pickerSays(T.need_category);
      editing.feeling = choice.feeling;
      editing.category = choice.category;
      editing.comment = comment ? comment.value.trim().slice(0, cfg.comment_max) : "";
      if (isNew) marks.push(editing);
      drawMarker(editing);
      var wasNew = isNew;
      isNew = false;  // so that closing keeps it
      picker.close();
      save();
      render();
      if (wasNew) say(T.added);
    }

    function pickerSays(text) {
      pickerError.textContent = text;
      pickerError.hidden = false;
    }

    picker.addEventListener("click", function (event) {
      var target = event.target.closest("button");
      if (!target) return;
      if (target.hasAttribute("data-feeling")) choice.feeling = target.getAttribute("data-feeling");
      if (target.hasAttribute("data-category")) choice.category = target.getAttribute("data-category");
      if (target.hasAttribute("data-feeling") || target.hasAttribute("data-category")) {
        pickerError.hidden = true;
        syncPicker();
        if (!comment && complete()) finish();  // nothing more to ask: one tap fewer
      }
      if (target.hasAttribute("data-picker-done")) finish();
      if (target.hasAttribute("data-picker-delete")) {
        var mark = editing, fresh = isNew;
        isNew = false;
        picker.close();
        if (fresh) map.removeLayer(mark.marker); else remove(mark);
      }
    });
    // Escape (or the back gesture) closes the picker: a pin that was never finished goes away.
    picker.addEventListener("close", function () {
      if (isNew && editing) map.removeLayer(editing.marker);
      isNew = false;
      editing = null;
    });

    // ---- tapping and the crosshair ----
    map.on("click", function (event) {
      if (aiming) { say(T.aim); return; }
      tryAdd(event.latlng);
    });

    function setAiming(on) {
      aiming = on;
      aimButton.setAttribute("aria-pressed", String(on));
      crosshair.hidden = !on;
      addHere.hidden = !on;
      // Aiming moves the map under the cross, so one finger drags the map while it lasts.
      if (touch) { if (on) map.dragging.enable(); else map.dragging.disable(); }
      if (help) help.textContent = on ? (touch ? T.aim_help : T.aim) : (touch ? T.tap_help : T.click_help);
      hush();
    }
    aimButton.addEventListener("click", function () { setAiming(!aiming); });
    addHere.addEventListener("click", function () { tryAdd(map.getCenter()); });
    if (fallback) fallback.addEventListener("change", save);
    setAiming(false);

    // ---- marks from the draft (Back button) ----
    var initial;
    try { initial = JSON.parse(input.value || "[]"); } catch (e) { initial = []; }
    (Array.isArray(initial) ? initial : []).forEach(function (m) {
      if (!m || typeof m !== "object") return;
      if (typeof m.lat === "number" && typeof m.lon === "number") {
        var mark = makeMarker({lat: m.lat, lon: m.lon, category: categories[m.category] ? m.category : null,
                               feeling: m.feeling || null, comment: m.comment || ""});
        drawMarker(mark);
        marks.push(mark);
      } else if (typeof m.place === "string") {
        kept.push(m);
      }
    });
    save();
    render();
  }

  document.querySelectorAll("[data-map]").forEach(function (widget) {
    try {
      setup(widget);
    } catch (error) {
      // The list is the answer when the map cannot run.
      widget.hidden = true;
      var fallback = widget.parentNode.querySelector("[data-map-fallback]");
      if (fallback) fallback.hidden = false;
      if (window.console) window.console.error(error);
    }
  });
})();
