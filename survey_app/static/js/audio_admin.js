// The audio admin page: record a text with the microphone (MediaRecorder), listen to
// the take, keep it (uploaded as the file of the row's form) or record again.
// Without MediaRecorder or a microphone, the upload forms still work.
(function () {
  "use strict";
  if (!window.MediaRecorder || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { return; }
  var TYPES = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4", "audio/webm"];
  var mimeType = TYPES.filter(function (t) { return MediaRecorder.isTypeSupported(t); })[0] || "";
  var messages = document.documentElement.lang === "en"
    ? {recording: "Recording…", ready: "Listen, then keep it or record again.", saving: "Saving…",
       saved: "Saved.", noMic: "No microphone available: upload a file instead."}
    : {recording: "Nahrávám…", ready: "Poslechněte si nahrávku, pak ji uložte nebo nahrajte znovu.",
       saving: "Ukládám…", saved: "Uloženo.", noMic: "Mikrofon není k dispozici: nahrajte soubor."};

  Array.prototype.forEach.call(document.querySelectorAll("tr[data-key] .audio-recorder"), function (box) {
    var row = box.closest("tr");
    var form = row.querySelector("form.audio-upload");
    var buttons = {record: box.querySelector("[data-action=record]"), stop: box.querySelector("[data-action=stop]"),
                   keep: box.querySelector("[data-action=keep]")};
    var take = box.querySelector(".audio-take");
    var status = box.querySelector(".audio-status");
    var recorder = null, chunks = [], blob = null;
    box.hidden = false;

    buttons.record.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({audio: true}).then(function (stream) {
        chunks = [];
        recorder = mimeType ? new MediaRecorder(stream, {mimeType: mimeType}) : new MediaRecorder(stream);
        recorder.addEventListener("dataavailable", function (e) { if (e.data.size) { chunks.push(e.data); } });
        recorder.addEventListener("stop", function () {
          stream.getTracks().forEach(function (t) { t.stop(); });
          blob = new Blob(chunks, {type: recorder.mimeType || mimeType || "audio/webm"});
          take.src = URL.createObjectURL(blob);
          take.hidden = false;
          buttons.keep.disabled = false;
          buttons.record.disabled = false;
          status.textContent = messages.ready;
        });
        recorder.start();
        buttons.record.disabled = true;
        buttons.stop.disabled = false;
        buttons.keep.disabled = true;
        status.textContent = messages.recording;
      }).catch(function () { status.textContent = messages.noMic; });
    });
    buttons.stop.addEventListener("click", function () {
      if (recorder && recorder.state !== "inactive") { recorder.stop(); }
      buttons.stop.disabled = true;
    });
    buttons.keep.addEventListener("click", function () {
      if (!blob) { return; }
      var data = new FormData(form);
      var extension = /ogg/.test(blob.type) ? "ogg" : /mp4/.test(blob.type) ? "m4a" : "webm";
      data.set("audio", blob, "recording." + extension);
      buttons.keep.disabled = true;
      status.textContent = messages.saving;
      fetch(form.action, {method: "POST", body: data, credentials: "same-origin",
                          headers: {"Accept": "application/json"}})
        .then(function (response) { return response.json().then(function (body) { return [response, body]; }); })
        .then(function (pair) {
          var response = pair[0], body = pair[1];
          if (!response.ok) { status.textContent = body.message || String(response.status); buttons.keep.disabled = false; return; }
          row.dataset.state = body.state;
          var badge = row.querySelector(".audio-state");
          badge.className = "badge audio-state audio-state-" + body.state;
          badge.textContent = badge.dataset.recorded || body.state;
          var listen = row.cells[3];
          var audio = listen.querySelector("audio") || listen.appendChild(document.createElement("audio"));
          audio.controls = true;
          audio.src = body.url;
          status.textContent = messages.saved;
        })
        .catch(function () { status.textContent = "?"; buttons.keep.disabled = false; });
    });
  });
})();
