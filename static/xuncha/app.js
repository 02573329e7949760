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

  // Long selects marked data-searchable get a search box above them that hides the options (and whole
  // groups) that do not match; the select stays a native, keyboard-usable control.
  function makeSearchable(select) {
    if (select.hasAttribute("data-searchable-ready")) {
      return;
    }
    select.setAttribute("data-searchable-ready", "");
    var label = select.id ? document.querySelector("label[for='" + select.id + "']") : null;
    var input = document.createElement("input");
    input.type = "search";
    input.className = "form-control form-control-sm mb-1 select-search";
    input.placeholder = "输入名称筛选";
    input.autocomplete = "off";
    input.setAttribute("aria-label", "筛选" + (label ? "“" + label.textContent.trim() + "”" : "") + "的选项");
    if (select.id) {
      input.setAttribute("aria-controls", select.id);
    }
    select.parentNode.insertBefore(input, select);
    // The box is not a filter of the page: keep its events from the form (htmx submits forms on change).
    input.addEventListener("change", function (event) { event.stopPropagation(); });
    input.addEventListener("input", function (event) {
      event.stopPropagation();
      var query = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        var groupHit = query !== "" && group.label.toLowerCase().indexOf(query) !== -1;
        var shown = 0;
        Array.prototype.forEach.call(group.querySelectorAll("option"), function (option) {
          var hit = query === "" || groupHit || option.textContent.toLowerCase().indexOf(query) !== -1;
          option.hidden = !hit;
          shown += hit ? 1 : 0;
        });
        group.hidden = shown === 0;
      });
      Array.prototype.forEach.call(select.querySelectorAll(":scope > option"), function (option) {
        option.hidden = option.value !== "" && query !== "" && option.textContent.toLowerCase().indexOf(query) === -1;
      });
    });
  }
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
    Array.prototype.forEach.call(root.querySelectorAll("select[data-searchable]"), makeSearchable);
    Array.prototype.forEach.call(root.querySelectorAll(".lifecycle"), revealCurrentStep);
  }
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:load", function (event) { scan(event.target); });
})();
