// Kiosk mode for the shared tablet (templates/kiosk/_kiosk.html puts the settings in
// #kiosk-prompt's data attributes). One child after another must start clean:
//  - forms are sent with fetch and the next page *replaces* the current history entry,
//    so a child's survey pages do not pile up in the tablet's history for Back;
//  - the thank-you page (with the help line) stays until the child taps "Hotovo" or
//    the visible countdown reaches 0, then returns to the kiosk start (location.replace);
//  - a run left idle asks "Jsi tu ještě?"; with no answer the run is cleared on the
//    server and the tablet returns to the start;
//  - every return to the start first dispatches `survey:reset` on document (read-aloud stops).
// Without JavaScript the survey still works, and the server clears any unfinished
// run when the kiosk start page is opened.
(function () {
  "use strict";
  var prompt = document.getElementById("kiosk-prompt");
  if (!prompt) return;
  var data = prompt.dataset;

  function ms(value, fallback) {
    var seconds = parseFloat(value);
    return (isFinite(seconds) && seconds > 0 ? seconds : fallback) * 1000;
  }
  var idleMs = ms(data.idleSeconds, 90), promptMs = ms(data.promptSeconds, 20), returnMs = ms(data.returnSeconds, 60);

  // Before the tablet goes back to the start for the next child, the voice that may
  // still be reading (static/js/read_aloud.js listens for survey:reset) stops.
  function goHome() {
    document.dispatchEvent(new Event("survey:reset"));
    window.location.replace(data.home);
  }

  // A page restored from the back/forward cache could show an earlier child's page:
  // ask the server again, which sends a finished or cleared run back to the start.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) window.location.reload();
  });

  // --- forms that leave no history entry -------------------------------------------
  function nativeSubmit(form, submitter) {
    // Let the browser post it: it shows the validation message or the error page.
    form.setAttribute("data-kiosk-native", "");
    form.querySelectorAll("button").forEach(function (button) { button.disabled = false; });
    if (submitter && form.requestSubmit) form.requestSubmit(submitter);
    else form.submit();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement)) return;
    // getAttribute, not form.action/form.method: the survey's button named "action"
    // shadows form.action.
    var method = (form.getAttribute("method") || "get").toLowerCase();
    if (method !== "post" || form.hasAttribute("data-kiosk-native")) return;
    event.preventDefault();
    var submitter = event.submitter;
    var target = new URL(form.getAttribute("action") || "", window.location.href).href;
    var body = new FormData(form);
    if (submitter && submitter.name) body.append(submitter.name, submitter.value);
    fetch(target, { method: "POST", body: body, credentials: "same-origin" }).then(function (response) {
      if (response.ok && response.redirected) window.location.replace(response.url);
      else nativeSubmit(form, submitter);
    }, function () { nativeSubmit(form, submitter); });
  });

  // --- the thank-you page ------------------------------------------------------------
  var done = document.querySelector(".done[data-home]");
  if (done) {
    var countdown = done.querySelector("[data-kiosk-countdown]");
    var deadline = Date.now() + returnMs;
    var tick = function () {
      var left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      if (countdown) countdown.textContent = (countdown.dataset.text || "{s}").replace("{s}", String(left));
      if (left <= 0) { window.clearInterval(ticker); goHome(); }
    };
    var ticker = window.setInterval(tick, 1000);
    if (countdown) countdown.hidden = false;
    tick();
    document.querySelectorAll("[data-kiosk-home]").forEach(function (link) {
      link.addEventListener("click", function (event) { event.preventDefault(); goHome(); });
    });
    return;
  }

  // --- idle survey screens -----------------------------------------------------------
  if (!document.getElementById("screen-form")) return;
  var stayButton = document.getElementById("kiosk-continue");
  var idleTimer = null, promptTimer = null, resetting = false;

  function arm() {
    window.clearTimeout(idleTimer);
    idleTimer = window.setTimeout(ask, idleMs);
  }
  function ask() {
    prompt.hidden = false;
    stayButton.focus();
    promptTimer = window.setTimeout(clearRun, promptMs);
  }
  function stay() {
    window.clearTimeout(promptTimer);
    prompt.hidden = true;
    arm();
  }
  function clearRun() {
    if (resetting) return;
    resetting = true;
    var body = new URLSearchParams();
    body.append("csrf_token", data.csrf);
    window.setTimeout(goHome, 3000); // even if the server does not answer
    fetch(data.reset, { method: "POST", body: body, credentials: "same-origin", keepalive: true })
      .then(goHome, goHome);
  }

  ["pointerdown", "keydown", "input", "change", "scroll", "wheel", "touchstart"].forEach(function (type) {
    document.addEventListener(type, function () { if (prompt.hidden) arm(); }, { capture: true, passive: true });
  });
  stayButton.addEventListener("click", stay);
  prompt.addEventListener("click", function (event) { if (event.target === prompt) stay(); });
  arm();
})();
