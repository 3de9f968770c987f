// Boots Swagger UI on /docs over this server's contract. A file, not an inline script:
// the Content-Security-Policy allows scripts from this origin only.
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    presets: [SwaggerUIBundle.presets.apis],
    deepLinking: true,
    docExpansion: "list",
    filter: true,
    displayOperationId: true,
    displayRequestDuration: true,
    defaultModelsExpandDepth: 0,
    showCommonExtensions: true,
    validatorUrl: null,
    withCredentials: false,
    onComplete: function () {
      // The contents link to the schemas section and to each tag's section by id.
      var models = document.querySelector("section.models");
      if (models) models.id = "schemas";
      var target = location.hash.length > 1 && location.hash.charAt(1) !== "/" && document.getElementById(location.hash.slice(1));
      if (target) target.scrollIntoView();
    },
  });
});
