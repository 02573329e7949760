// Planning pages: show a refused inspection step in place (the CSP allows only same-origin scripts).
(function () {
  "use strict";
  // htmx leaves 4xx responses unswapped by default. A transition refused by a business rule (400: the form;
  // 409: the state or a guard) comes back as the re-rendered action panel: show it where the form was.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    var status = detail.xhr ? detail.xhr.status : 0;
    // The event fires on the swap target; the element that sent the request is in the request config.
    var source = detail.requestConfig ? detail.requestConfig.elt : null;
    var form = source && source.closest ? source.closest(".transition-form") : null;
    if (form && (status === 400 || status === 409)) {
      detail.shouldSwap = true;
      detail.isError = false;
    }
  });
})();
