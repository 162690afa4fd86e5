/* Check page: say that the check is running while the form is submitted (the first check loads the
   extractor and can take seconds), and hint, before submitting, when no publication date is given. */
(function () {
  "use strict";
  var form = document.querySelector("form.check");
  if (!form) { return; }
  var button = document.getElementById("check-submit");
  var progress = document.getElementById("check-progress");
  var published = document.getElementById("c-published");
  var hint = document.getElementById("published-hint");

  function updateHint() { hint.hidden = Boolean(published.value); }

  function reset() {
    progress.hidden = true;
    button.disabled = false;
    button.textContent = "Check";
    form.removeAttribute("aria-busy");
  }

  published.addEventListener("input", updateHint);
  published.addEventListener("change", updateHint);
  form.addEventListener("submit", function () {
    progress.hidden = false;
    form.setAttribute("aria-busy", "true");
    button.textContent = "Checking…";
    // disabled after the submission has started, so a second click cannot send it twice
    window.setTimeout(function () { button.disabled = true; }, 0);
  });
  // a page restored from the back/forward cache must not stay "busy"
  window.addEventListener("pageshow", reset);
  updateHint();
})();
