/*
 * The request form: the month fields matter only for "Months I choose", so they are disabled otherwise.
 * Without JavaScript they simply stay enabled and the server ignores them for the other choices.
 */
(function () {
  "use strict";

  function start() {
    var range = document.getElementById("month-range");
    var radios = document.querySelectorAll("input[name=scope]");
    if (!range || !radios.length) { return; }
    function update() {
      var chosen = document.querySelector("input[name=scope]:checked");
      var months = chosen && chosen.value === "months";
      range.classList.toggle("is-inactive", !months);
      range.querySelectorAll("input").forEach(function (input) { input.disabled = !months; });
    }
    radios.forEach(function (radio) { radio.addEventListener("change", update); });
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
