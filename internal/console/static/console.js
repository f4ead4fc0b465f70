// Gatehouse console: progressive enhancement only. A form marked
// data-live="ID" data-fragment="NAME" refreshes the element ID as you
// type, with the page fragment NAME the server renders; without this
// script the same form submits as a plain GET and the page reloads.
(function () {
  "use strict";
  // Long enough to let a burst of keystrokes send one request, short
  // enough that the rows follow the last keystroke within 100 ms.
  var DEBOUNCE_MS = 60;

  function live(form) {
    var target = document.getElementById(form.dataset.live);
    if (!target) {
      return;
    }
    var timer = 0;
    var seq = 0;
    var lastInput = 0; // when the last keystroke or submit happened
    function refresh() {
      var params = new URLSearchParams(new FormData(form));
      var pageURL = form.action + "?" + params.toString();
      params.set("fragment", form.dataset.fragment);
      var mine = ++seq;
      var started = performance.now();
      fetch(form.action + "?" + params.toString(), { credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok || r.redirected) {
            // An error or an ended session: let the full page say so.
            window.location.assign(pageURL);
            return null;
          }
          return r.text();
        })
        .then(function (html) {
          if (html === null || mine !== seq) {
            return; // a later keystroke's answer wins
          }
          target.innerHTML = html;
          // For tests and benchmarks: from the request, and from the last
          // keystroke, to the rows in the page.
          target.dataset.latencyMs = String(Math.round(performance.now() - started));
          target.dataset.inputLatencyMs = String(Math.round(performance.now() - lastInput));
          history.replaceState(null, "", pageURL);
        })
        .catch(function () {
          window.location.assign(pageURL);
        });
    }
    form.addEventListener("input", function () {
      lastInput = performance.now();
      clearTimeout(timer);
      timer = setTimeout(refresh, DEBOUNCE_MS);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      lastInput = performance.now();
      clearTimeout(timer);
      refresh();
    });
  }

  document.querySelectorAll("form[data-live]").forEach(live);
})();
