/* Filter forms: submit only the filters that are set, so the address of a filtered view (to
   bookmark, share or download) holds exactly its filters. Without script the form still works. */
(function () {
  "use strict";
  document.querySelectorAll("form.filters").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("input[name], select[name]").forEach(function (field) {
        if (!field.value) { field.disabled = true; }
      });
      // re-enabled after the browser has read the form (a back navigation shows them again)
      window.setTimeout(function () {
        form.querySelectorAll("[disabled]").forEach(function (field) { field.disabled = false; });
      }, 0);
    });
  });
})();
