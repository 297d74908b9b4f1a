// Progressive enhancement for survey screens: hide questions whose show_if is not met
// while the respondent answers (the server applies the same rules without JS).
(function () {
  "use strict";
  var form = document.getElementById("screen-form");
  if (!form) return;
  var rules = JSON.parse(form.getAttribute("data-show-if") || "{}");

  function valuesOf(questionId) {
    var inputs = form.querySelectorAll('[name="' + questionId + '"]');
    var values = [];
    inputs.forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
      if (input.value !== "" && input.value !== "[]") values.push(input.value);
    });
    return values;
  }

  function onPage(questionId) {
    return form.querySelector('[data-question="' + questionId + '"]') !== null;
  }

  function met(rule) {
    if (!onPage(rule.question)) return true; // decided by the server from earlier screens
    var box = form.querySelector('[data-question="' + rule.question + '"]');
    if (box.hidden) return rule.op === "answered" && rule.value === false;
    var values = valuesOf(rule.question);
    if (rule.op === "answered") return (values.length > 0) === Boolean(rule.value);
    var wanted = rule.op === "equals" ? [String(rule.value)] : rule.value.map(String);
    return values.some(function (v) { return wanted.indexOf(v) !== -1; });
  }

  function update() {
    Object.keys(rules).forEach(function (questionId) {
      var box = form.querySelector('[data-question="' + questionId + '"]');
      if (box) box.hidden = !met(rules[questionId]);
    });
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();

  // Stop a double tap on "Send" from posting twice (the server is idempotent anyway).
  form.addEventListener("submit", function () {
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    }, 0);
  });
})();
