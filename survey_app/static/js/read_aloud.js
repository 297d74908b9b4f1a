// Read-aloud on survey screens (progressive enhancement, no inline scripts).
// Shows the speaker buttons that survey/_read_aloud.html rendered hidden (and those other
// scripts add later, e.g. map.js beside a mark, named here like the page's own); a tap on
// one plays its text; "Read it to me" plays every visible speaker of the screen in page
// order (the question, then the options), highlighting the text being read. Nothing plays before a tap (no autoplay,
// also on the kiosk); the audio is only fetched, nothing is sent.
(function () {
  "use strict";
  var SPEAKER = ".read-aloud-speaker[data-audio-src]";
  var readAll = document.querySelector(".read-aloud-all");
  if (!document.querySelector(SPEAKER) || typeof window.Audio !== "function") { return; }

  var player = document.createElement("audio");
  player.id = "read-aloud-player";
  player.preload = "none";
  document.body.appendChild(player);
  var queue = [];
  var current = null;
  // Generated speech comes as Ogg/Opus; a browser that cannot play it asks for the WAV.
  var wavOnly = !player.canPlayType('audio/ogg; codecs="opus"');
  function source(button) {
    var src = button.getAttribute("data-audio-src");
    return wavOnly && /[?&]v=tts(&|$)/.test(src) ? src + "&format=wav" : src;
  }

  function itemOf(button) {
    // The text block a speaker belongs to: an option with its label, a legend, a paragraph.
    return button.closest("[data-read-aloud-item], label, legend, li, p, h1, h2") || button.parentElement;
  }
  function visible(button) {
    // Not in a closed picker, a hidden map or a collapsed part of the page.
    return !button.hidden && button.getClientRects().length > 0;
  }
  function unmark() {
    if (!current) { return; }
    current.classList.remove("playing");
    itemOf(current).classList.remove("read-aloud-current");
    current = null;
  }
  function allDone() {
    if (readAll) { readAll.classList.remove("playing"); readAll.setAttribute("aria-pressed", "false"); }
  }
  function stop() {
    queue = [];
    unmark();
    player.pause();
    player.removeAttribute("src");
    allDone();
  }
  function play(button) {
    unmark();
    current = button;
    button.classList.add("playing");
    itemOf(button).classList.add("read-aloud-current");
    player.src = source(button);
    player.dataset.textKey = button.getAttribute("data-text-key") || "";
    var started = player.play();
    if (started && started.catch) { started.catch(function () { if (current === button) { next(); } }); }
  }
  function next() {
    unmark();
    while (queue.length) {
      var button = queue.shift();
      if (button.isConnected && visible(button)) { play(button); return; }
    }
    allDone();
  }
  player.addEventListener("ended", next);
  player.addEventListener("error", function () { if (player.getAttribute("src")) { next(); } });

  // A speaker another script built (map.js, beside a mark) gets the picture of the page's
  // own speakers, and the name of the page's speaker of the same text ("Přečti nahlas:
  // Prodávání drog", made by the server in the page's language), plus its own
  // data-read-aloud-which (" – značka 2") to tell two marks of one category apart.
  // Attributes only: no text from the page is ever parsed as HTML.
  var picture = document.querySelector(SPEAKER + " svg");
  function twinOf(button) {
    var key = button.getAttribute("data-text-key") || "";
    var same = document.querySelectorAll(".read-aloud-speaker[data-text-key]");
    for (var i = 0; i < same.length; i++) {
      var own = same[i].firstChild && !same[i].hasAttribute("data-read-aloud-copy");  // rendered by the server
      if (own && same[i].getAttribute("data-text-key") === key) { return same[i]; }
    }
    return null;
  }
  function reveal(button) {
    if (!button.firstChild) {
      button.setAttribute("data-read-aloud-copy", "");
      var twin = twinOf(button);
      if (twin && twin.getAttribute("aria-label")) {
        var name = twin.getAttribute("aria-label") + (button.getAttribute("data-read-aloud-which") || "");
        button.setAttribute("aria-label", name);
        button.title = name;
      }
      if (picture) { button.appendChild(picture.cloneNode(true)); }
    }
    button.hidden = false;
  }
  function show(root) {
    if (root.matches && root.matches(SPEAKER)) { reveal(root); }
    if (root.querySelectorAll) { Array.prototype.forEach.call(root.querySelectorAll(SPEAKER), reveal); }
  }
  show(document);
  if (typeof window.MutationObserver === "function") {
    new MutationObserver(function (changes) {
      changes.forEach(function (change) { Array.prototype.forEach.call(change.addedNodes, show); });
    }).observe(document.body, {childList: true, subtree: true});
  }

  // One listener for every speaker, also those added later; in the capture phase, so that
  // a speaker never reaches an option's or a picker's own click handling.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(SPEAKER) : null;
    if (!button) { return; }
    event.preventDefault();
    event.stopPropagation();
    var again = current === button && !player.paused;
    stop();
    if (!again) { play(button); }
  }, true);

  if (readAll) {
    readAll.hidden = false;
    readAll.setAttribute("aria-pressed", "false");
    readAll.addEventListener("click", function () {
      var running = readAll.classList.contains("playing");
      stop();
      if (running) { return; }
      queue = Array.prototype.filter.call(document.querySelectorAll(SPEAKER), visible);
      if (!queue.length) { return; }
      readAll.classList.add("playing");
      readAll.setAttribute("aria-pressed", "true");
      play(queue.shift());
    });
  }
  // Leaving the screen, or the kiosk resetting for the next child, stops the voice.
  window.addEventListener("pagehide", stop);
  document.addEventListener("survey:reset", stop);
  document.addEventListener("visibilitychange", function () { if (document.hidden) { stop(); } });
})();
