/* OpenAPI UI, initialised from a file so the page needs no inline script. */
window.addEventListener("load", function () {
  "use strict";
  var el = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: el.getAttribute("data-openapi"), dom_id: "#swagger-ui", deepLinking: true, validatorUrl: null });
});
