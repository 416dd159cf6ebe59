/* Counts one page view after the page has loaded: a POST without cookies. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var url = script.getAttribute("data-beacon");
  function send() {
    fetch(url, {
      method: "POST",
      credentials: "omit",
      cache: "no-store",
      keepalive: true
    }).catch(function () {});
  }
  if (document.readyState === "complete") send();
  else window.addEventListener("load", send, { once: true });
})();
