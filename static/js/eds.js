/*
 * EDS signing for the MSHI portal: window.MshiEds.signXml(xml[, options]) -> Promise<string>.
 *
 * Signs with NCALayer (the national certification centre's signer, wss://127.0.0.1:13579, module
 * kz.gov.pki.knca.commonUtils, method signXml, storage PKCS12, key type SIGNATURE). Only when the page
 * says DEBUG (<body data-debug="true" data-demo-signer-url="...">) and NCALayer cannot be reached, or when
 * options.signer === "demo", it falls back to the DEBUG-only demo signer (POST /dev/eds-sign/, CSRF-protected;
 * options.iin, else the logged-in citizen); options.fallback === false keeps to NCALayer. Errors are Error objects with .code:
 * "no_ncalayer" | "cancelled" | "failed" (and the server's message for the demo signer).
 */
(function () {
  "use strict";

  var NCALAYER_URL = "wss://127.0.0.1:13579";

  function fail(code, message) {
    var error = new Error(message || code);
    error.code = code;
    return error;
  }

  function debugMode() {
    return document.body && document.body.dataset.debug === "true" && !!document.body.dataset.demoSignerUrl;
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // NCALayer greets with {"result": {"version": ...}} on connect, then answers one request at a time
  // with {"code": "200", "responseObject": ...} or {"code": "500", "message": ...}.
  function signWithNcaLayer(xml) {
    return new Promise(function (resolve, reject) {
      var socket;
      var opened = false;
      var done = false;
      function finish(action, value) {
        if (done) { return; }
        done = true;
        try { socket.close(); } catch (ignored) { /* already closed */ }
        action(value);
      }
      try {
        socket = new WebSocket(NCALAYER_URL);
      } catch (error) {
        reject(fail("no_ncalayer"));
        return;
      }
      socket.onopen = function () {
        opened = true;
        socket.send(JSON.stringify({
          module: "kz.gov.pki.knca.commonUtils",
          method: "signXml",
          args: ["PKCS12", "SIGNATURE", xml, "", ""]
        }));
      };
      socket.onmessage = function (event) {
        var answer;
        try { answer = JSON.parse(event.data); } catch (error) { return; }
        if (answer.result && answer.result.version) { return; }  // the greeting
        if (String(answer.code) === "200") {
          finish(resolve, answer.responseObject);
        } else if (String(answer.message || "").indexOf("action.canceled") !== -1) {
          finish(reject, fail("cancelled"));
        } else {
          finish(reject, fail("failed", answer.message || String(answer.code)));
        }
      };
      socket.onerror = function () { finish(reject, fail(opened ? "failed" : "no_ncalayer")); };
      socket.onclose = function () { finish(reject, fail(opened ? "failed" : "no_ncalayer")); };
    });
  }

  function signWithDemoSigner(xml, iin) {
    var body = new FormData();
    body.append("xml", xml);
    body.append("iin", iin || "");
    body.append("csrfmiddlewaretoken", csrfToken());
    return fetch(document.body.dataset.demoSignerUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (!response.ok || !answer.signed_xml) {
          throw fail("failed", answer.error || String(response.status));
        }
        return answer.signed_xml;
      });
    });
  }

  function signXml(xml, options) {
    options = options || {};
    if (options.signer === "demo") {
      if (!debugMode()) { return Promise.reject(fail("failed", "demo signer is DEBUG-only")); }
      return signWithDemoSigner(xml, options.iin);
    }
    return signWithNcaLayer(xml).catch(function (error) {
      if (error.code === "no_ncalayer" && debugMode() && options.fallback !== false) {
        return signWithDemoSigner(xml, options.iin);
      }
      throw error;
    });
  }

  window.MshiEds = { signXml: signXml, debugMode: debugMode };
})();
