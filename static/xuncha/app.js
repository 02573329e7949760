// Small behaviours without inline script (the CSP allows only same-origin scripts).
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.matches && el.matches("[data-autosubmit]") && el.form) {
      el.form.submit();
    }
  });
  // Confirm buttons: <button data-confirm="…">.
  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("[data-confirm]") : null;
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // A stage bar wider than its box (a phone) is scrolled so that the current stage, or the last one passed,
  // is in view rather than the first three.
  function revealCurrentStep(bar) {
    var steps = bar.querySelectorAll("li");
    var current = bar.querySelector("li.current") || (steps.length ? bar.querySelectorAll("li.done")[
      bar.querySelectorAll("li.done").length - 1] : null);
    if (!current || bar.scrollWidth <= bar.clientWidth) {
      return;
    }
    bar.scrollLeft = Math.max(0, current.offsetLeft - (bar.clientWidth - current.offsetWidth) / 2);
  }
  function scan(root) {
    root = root || document;
    Array.prototype.forEach.call(root.querySelectorAll(".lifecycle"), revealCurrentStep);
  }
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:load", function (event) { scan(event.target); });
})();
