/* The EDS log-in page: sign the document the server issued, put the result in the form, submit it. */
(function () {
  "use strict";

  var form = document.getElementById("eds-form");
  if (!form || !window.MshiEds) { return; }
  var status = document.getElementById("eds-status");
  var buttons = document.querySelectorAll("#eds-sign-ncalayer, #eds-sign-demo");

  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle("eds-status-error", !!isError);
  }

  function busy(on) {
    buttons.forEach(function (button) { button.disabled = on; });
  }

  function explain(error) {
    if (error.code === "no_ncalayer") { return form.dataset.msgNoNcalayer; }
    if (error.code === "cancelled") { return form.dataset.msgCancelled; }
    return form.dataset.msgFailed + " " + error.message;
  }

  function sign(options, firstMessage) {
    busy(true);
    say(firstMessage);
    window.MshiEds.signXml(form.dataset.edsDocument, options).then(function (signed) {
      document.getElementById("signed-xml").value = signed;
      say(form.dataset.msgChecking);
      form.submit();
    }).catch(function (error) {
      busy(false);
      say(explain(error), true);
    });
  }

  document.getElementById("eds-sign-ncalayer").addEventListener("click", function () {
    // NCALayer only: in demo mode the demo signer has its own button (it needs an IIN).
    sign({ fallback: false }, form.dataset.msgSigning);
  });

  var demoButton = document.getElementById("eds-sign-demo");
  if (demoButton) {
    demoButton.addEventListener("click", function () {
      var iin = document.getElementById("eds-demo-iin").value.replace(/\s+/g, "");
      if (!/^[0-9]{12}$/.test(iin)) {
        say(form.dataset.msgDemoIin, true);
        document.getElementById("eds-demo-iin").focus();
        return;
      }
      sign({ signer: "demo", iin: iin }, form.dataset.msgDemo);
    });
  }
})();
