// Read-aloud on survey screens (progressive enhancement, no inline scripts).
// Shows the speaker buttons that survey/_read_aloud.html rendered hidden; a tap on one
// plays its text; "Read it to me" plays every speaker of the screen in page order (the
// question, then the options), highlighting the text being read. Nothing plays before
// a tap (no autoplay, also on the kiosk); the audio is only fetched, nothing is sent.
(function () {
  "use strict";
  var speakers = Array.prototype.slice.call(document.querySelectorAll(".read-aloud-speaker[data-audio-src]"));
  var readAll = document.querySelector(".read-aloud-all");
  if (!speakers.length || typeof window.Audio !== "function") { return; }

  var player = document.createElement("audio");
  player.id = "read-aloud-player";
  player.preload = "none";
  document.body.appendChild(player);
  var queue = [];
  var current = null;

  function itemOf(button) {
    // The text block a speaker belongs to: an option label, a legend, a paragraph.
    return button.closest("[data-read-aloud-item], label, legend, li, p, h1, h2") || button.parentElement;
  }
  function unmark() {
    if (!current) { return; }
    current.classList.remove("playing");
    itemOf(current).classList.remove("read-aloud-current");
    current = null;
  }
  function stop() {
    queue = [];
    unmark();
    player.pause();
    if (readAll) { readAll.classList.remove("playing"); readAll.setAttribute("aria-pressed", "false"); }
  }
  function play(button) {
    unmark();
    current = button;
    button.classList.add("playing");
    itemOf(button).classList.add("read-aloud-current");
    player.src = button.getAttribute("data-audio-src");
    player.dataset.textKey = button.getAttribute("data-text-key") || "";
    var started = player.play();
    if (started && started.catch) { started.catch(next); }
  }
  function next() {
    unmark();
    if (queue.length) { play(queue.shift()); return; }
    if (readAll) { readAll.classList.remove("playing"); readAll.setAttribute("aria-pressed", "false"); }
  }
  player.addEventListener("ended", next);
  player.addEventListener("error", next);

  speakers.forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function (event) {
      event.preventDefault();  // a speaker inside a <label> must not tick the option
      event.stopPropagation();
      var again = current === button;
      stop();
      if (!again) { play(button); }
    });
  });
  if (readAll) {
    readAll.hidden = false;
    readAll.setAttribute("aria-pressed", "false");
    readAll.addEventListener("click", function () {
      var running = readAll.classList.contains("playing");
      stop();
      if (running) { return; }
      readAll.classList.add("playing");
      readAll.setAttribute("aria-pressed", "true");
      queue = speakers.slice();
      play(queue.shift());
    });
  }
  // Leaving the screen, or the kiosk resetting for the next child, stops the voice.
  window.addEventListener("pagehide", stop);
  document.addEventListener("survey:reset", stop);
  document.addEventListener("visibilitychange", function () { if (document.hidden) { stop(); } });
})();
