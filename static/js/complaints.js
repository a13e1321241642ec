// Complaint pages: a characters-left counter for the complaint text, and a confirmation before an
// action that cannot be undone (forms with data-confirm). The pages work without this script.
(function () {
  "use strict";

  function counter(output) {
    var field = document.getElementById(output.getAttribute("data-for"));
    var limit = field && parseInt(field.getAttribute("maxlength"), 10);
    if (!field || !limit) { return; }
    var template = output.getAttribute("data-template");
    var update = function () {
      output.textContent = template.replace("__N__", String(Math.max(0, limit - field.value.length)));
    };
    var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    described.push(output.id);
    field.setAttribute("aria-describedby", described.join(" "));
    output.hidden = false;
    field.addEventListener("input", update);
    update();
  }

  function confirmBefore(form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  }

  document.querySelectorAll("[data-for][data-template]").forEach(counter);
  document.querySelectorAll("form[data-confirm]").forEach(confirmBefore);
})();
