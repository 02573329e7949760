// Calendar page (planning:calendar): open or close every round of the timeline at once.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-tl-toggle]") : null;
    if (!button) {
      return;
    }
    var open = button.getAttribute("data-tl-toggle") === "open";
    document.querySelectorAll(".timeline details.tl-group").forEach(function (group) {
      group.open = open;
    });
  });
})();
