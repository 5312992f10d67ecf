// Warns two minutes before the idle time-out and lets the citizen stay logged in.
// Progressive enhancement: without JavaScript every page already says when the session ends.
(function () {
  "use strict";
  var body = document.body;
  var dialog = document.getElementById("session-dialog");
  var form = document.querySelector("form.session-notice");
  if (!body.dataset.sessionEnds || !dialog || !form || typeof dialog.showModal !== "function") {
    return;
  }
  var idleMs = new Date(body.dataset.sessionEnds).getTime() - Date.now();
  var warnMs = Number(body.dataset.sessionWarnSeconds) * 1000;
  var timer = null;

  function schedule(msUntilEnd) {
    window.clearTimeout(timer);
    timer = window.setTimeout(warn, Math.max(msUntilEnd - warnMs, 0));
  }

  function warn() {
    dialog.showModal(); // moves focus into the dialog; screen readers announce its title and text
    dialog.querySelector("[data-session-stay]").focus();
  }

  function stay() {
    var data = new FormData(form);
    fetch(form.action, {method: "POST", body: data, credentials: "same-origin",
                        headers: {"X-Requested-With": "fetch"}})
      .then(function (response) {
        // Not renewed (logged out meanwhile, or sent to the login page): the page says why.
        if (!response.ok || response.redirected) { window.location.reload(); return null; }
        return response.json();
      })
      .then(function (renewed) {
        if (!renewed) { return; }
        body.dataset.sessionEnds = renewed.ends_at;
        var shown = document.querySelector(".session-ends-at");
        if (shown) { shown.textContent = renewed.ends_at_text; }
        dialog.close();
        schedule(renewed.seconds_left * 1000);
      })
      .catch(function () { window.location.reload(); });
  }

  dialog.querySelector("[data-session-stay]").addEventListener("click", stay);
  dialog.addEventListener("cancel", function (event) { event.preventDefault(); stay(); });
  schedule(idleMs);
})();
