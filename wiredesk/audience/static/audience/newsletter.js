/* The sign-up box sits on cached pages: fetch a CSRF token of this reader's own
   just before the form is sent. Without this script the form still works: the
   sign-up page shows it again with a fresh token. */
(function () {
  "use strict";
  if (!window.fetch) return;
  document.querySelectorAll("form.newsletter-form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.ready === "1") return;
      event.preventDefault();
      fetch(form.dataset.tokenUrl, { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          form.querySelector("input[name=csrfmiddlewaretoken]").value = data.token;
        })
        .catch(function () {})
        .then(function () {
          form.dataset.ready = "1";
          form.submit();
        });
    });
  });
})();
