/*
 * The request page's live progress (R8: at most 15 minutes, usually seconds): polls the small JSON status
 * view and updates the bar, the steps and, when the result is ready, shows the link to it — no reload.
 * Without JavaScript the page has a plain "Refresh" link instead.
 */
(function () {
  "use strict";

  var INTERVAL_MS = 1500;
  var MAX_INTERVAL_MS = 15000;

  function start() {
    var box = document.getElementById("request-progress");
    if (!box || box.dataset.finished === "true") { return; }
    var url = box.dataset.statusUrl;
    var bar = box.querySelector("progress");
    var statusText = document.getElementById("request-status-text");
    var result = document.getElementById("request-result");
    var refresh = document.getElementById("request-refresh");
    var delay = INTERVAL_MS;
    if (refresh) { refresh.hidden = true; }

    function render(data) {
      if (bar) { bar.value = data.percent; bar.textContent = data.percent + "%"; }
      if (statusText) { statusText.textContent = data.status_label; }
      data.steps.forEach(function (step) {
        var item = box.querySelector("[data-stage='" + step.stage + "']");
        if (item && step.done) { item.classList.add("is-done"); }
      });
      if (data.finished && data.document_url && result) {
        var link = document.createElement("a");
        link.className = "button";
        link.href = data.document_url;
        link.textContent = data.document_link;
        result.replaceChildren(link);
        result.hidden = false;
        box.dataset.finished = "true";
        if (bar) { bar.value = 100; }
      }
    }

    function poll() {
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (data) {
          render(data);
          delay = INTERVAL_MS;
          if (!data.finished) { window.setTimeout(poll, delay); }
        })
        .catch(function () {
          // Network trouble or a logged-out session: slow down, and offer the plain link again.
          if (refresh) { refresh.hidden = false; }
          delay = Math.min(delay * 2, MAX_INTERVAL_MS);
          window.setTimeout(poll, delay);
        });
    }

    window.setTimeout(poll, INTERVAL_MS);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
