/* The SMS code page: count down to the moment a new code may be sent (the server enforces it anyway). */
(function () {
  "use strict";

  var button = document.getElementById("resend-button");
  var hint = document.getElementById("resend-hint");
  if (!button || !hint) { return; }
  var left = parseInt(button.dataset.resendWait || "0", 10);
  if (!(left > 0)) { return; }

  button.disabled = true;
  var timer = window.setInterval(function () {
    left -= 1;
    if (left > 0) {
      // Only the visible text changes each second; screen readers hear the start and the end.
      hint.setAttribute("aria-live", "off");
      hint.textContent = hint.dataset.waitText.replace("{s}", String(left));
      return;
    }
    window.clearInterval(timer);
    button.disabled = false;
    hint.setAttribute("aria-live", "polite");
    hint.textContent = hint.dataset.readyText;
  }, 1000);
})();
