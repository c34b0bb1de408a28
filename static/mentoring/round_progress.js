/* A matching round's page while the round is queued or running: poll its progress endpoint, move the
   bar and the message, and reload the page once the round is done (proposed, failed ...).
   The section carries the endpoint in data-round-progress; without JavaScript its "Refresh" link does
   the same by hand. */
(function () {
  "use strict";

  var section = document.querySelector("[data-round-progress]");
  if (!section || !window.fetch) {
    return;
  }
  var url = section.getAttribute("data-round-progress");
  var bar = section.querySelector("[data-progress-bar]");
  var fill = bar ? bar.querySelector(".progress-bar") : null;
  var message = section.querySelector("[data-progress-message]");
  var delay = 1000;
  var MAX_DELAY = 10000;

  function show(state) {
    var percent = Math.max(0, Math.min(100, Number(state.progress) || 0));
    if (bar && fill) {
      bar.setAttribute("aria-valuenow", String(percent));
      // Swap the width class the server drew (ld-w-N) for the new one: no inline style needed.
      fill.className = fill.className.replace(/\bld-w-\d+\b/, "") + " ld-w-" + percent;
    }
    if (message && state.message) {
      message.textContent = state.message;
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (!state.active) {
          window.location.reload();
          return;
        }
        delay = 1000;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        // A hiccup (a restarting server, a lost connection): try again, less and less often.
        delay = Math.min(delay * 2, MAX_DELAY);
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();
