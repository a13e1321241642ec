/*
 * Signing a statement request with an EDS (R4, A1.8): the page shows the exact XML to sign; this script
 * has it signed by window.MshiEds.signXml (NCALayer, or the DEBUG-only demo signer), puts the signed XML
 * in the hidden field and sends the form. The server checks the signature, the signer and every field.
 */
(function () {
  "use strict";

  function start() {
    var form = document.getElementById("eds-request-form");
    var button = document.getElementById("eds-sign");
    var source = document.getElementById("eds-xml");
    var status = document.getElementById("eds-status");
    var target = form && form.querySelector("input[name=signed_xml]");
    if (!form || !button || !source || !target) { return; }

    button.addEventListener("click", function () {
      if (!window.MshiEds || typeof window.MshiEds.signXml !== "function") {
        status.textContent = button.dataset.failedText;
        return;
      }
      button.disabled = true;
      status.textContent = button.dataset.signingText;
      window.MshiEds.signXml(source.value).then(function (signed) {
        target.value = signed;
        form.submit();
      }).catch(function (error) {
        button.disabled = false;
        // The demo signer answers with a message for the user; NCALayer's own errors get ours.
        var generic = !error || !error.message || ["cancelled", "no_ncalayer", "failed"].indexOf(error.code) !== -1;
        status.textContent = generic ? button.dataset.failedText : error.message;
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
