// Autocompletes (xuncha/core/templates/core/widgets/autocomplete.html, xuncha/core/autocomplete.py): a text box that searches
// as one types, the matches fetched with htmx from a scoped endpoint into a listbox, following the ARIA combobox
// pattern: ↓/↑ move through the matches, Enter picks, Esc closes (a second Esc restores the box), a click picks.
// A pick writes the id into the hidden input and fires "change" on it, so a filter bar applies it; emptying the
// box and leaving it clears the choice. The box's own typing never reaches the form (no submit on each key).
(function () {
  "use strict";
  if (window.xunchaAutocomplete) {
    return;  // every picker's widget loads this script: set up once
  }
  window.xunchaAutocomplete = true;
  var DELAY = 250;

  function setup(root) {
    if (root.hasAttribute("data-autocomplete-ready")) {
      return;
    }
    root.setAttribute("data-autocomplete-ready", "");
    var hidden = root.querySelector("[data-autocomplete-value]");
    var box = root.querySelector("[role='combobox']");
    var list = root.querySelector("[role='listbox']");
    var status = root.querySelector("[data-autocomplete-status]");
    var url = root.getAttribute("data-autocomplete-url");
    var emptyLabel = root.getAttribute("data-autocomplete-empty-label");
    var timer = null;
    var asked = null;  // the query of the last request, so that a late answer to an older one is dropped

    function options() {
      return Array.prototype.slice.call(list.querySelectorAll("[role='option']:not([aria-disabled='true'])"));
    }
    function active() {
      var id = box.getAttribute("aria-activedescendant");
      return id ? document.getElementById(id) : null;
    }
    function open() {
      list.hidden = false;
      box.setAttribute("aria-expanded", "true");
    }
    function close() {
      list.hidden = true;
      box.setAttribute("aria-expanded", "false");
      box.removeAttribute("aria-activedescendant");
    }
    function highlight(option) {
      options().forEach(function (o) {
        o.setAttribute("aria-selected", o === option ? "true" : "false");
        o.classList.toggle("active", o === option);
      });
      if (option) {
        box.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({block: "nearest"});
      } else {
        box.removeAttribute("aria-activedescendant");
      }
    }
    function pick(option) {
      var value = option.getAttribute("data-value") || "";
      var label = value ? option.getAttribute("data-label") : "";
      box.value = label;
      box.setAttribute("data-autocomplete-label", label);
      close();
      if (hidden.value !== value) {
        hidden.value = value;
        hidden.dispatchEvent(new Event("change", {bubbles: true}));
      }
    }
    function prepared() {
      // Ids for aria-activedescendant, and the "all" choice on top when the field may be left empty.
      if (emptyLabel && !box.value.trim()) {
        var all = document.createElement("li");
        all.setAttribute("role", "option");
        all.setAttribute("aria-selected", "false");
        all.setAttribute("data-value", "");
        all.className = "list-group-item list-group-item-action fst-italic";
        all.textContent = emptyLabel;
        list.insertBefore(all, list.firstChild);
      }
      Array.prototype.forEach.call(list.querySelectorAll("[role='option']"), function (o, i) {
        o.id = list.id + "_" + i;
      });
      var found = options().filter(function (o) { return o.getAttribute("data-value"); }).length;
      status.textContent = found ? "找到 " + found + " 项，用上下方向键选择" : "没有匹配的项";
      open();
      highlight(null);
    }
    function search() {
      var q = box.value.trim();
      asked = q;
      var target = url + (url.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(q);
      var request = htmx.ajax("GET", target, {target: list, swap: "innerHTML"});  // no source: nothing inherited from the form
      (request && request.then ? request : Promise.resolve()).then(function () {
        if (asked === q && document.activeElement === box) {
          prepared();
        }
      });
    }
    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, DELAY);
    }

    // The box is not a field of the form: its own events stay here (a filter bar submits on change).
    box.addEventListener("change", function (event) { event.stopPropagation(); });
    box.addEventListener("input", function (event) {
      event.stopPropagation();
      later();
    });
    box.addEventListener("focus", function () {
      if (list.hidden) {
        later();
      }
    });
    box.addEventListener("keydown", function (event) {
      var all = options();
      var current = active();
      var index = current ? all.indexOf(current) : -1;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) {
          search();
          return;
        }
        if (!all.length) {
          return;
        }
        var step = event.key === "ArrowDown" ? 1 : -1;
        highlight(all[(index + step + all.length) % all.length]);
      } else if (event.key === "Enter") {
        if (!list.hidden && current) {
          event.preventDefault();  // a pick, not a submit of the form
          pick(current);
        } else if (!list.hidden) {
          event.preventDefault();
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        } else {
          box.value = box.getAttribute("data-autocomplete-label") || "";
        }
      }
    });
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep the focus
    list.addEventListener("click", function (event) {
      var option = event.target.closest("[role='option']");
      if (option && option.getAttribute("aria-disabled") !== "true") {
        pick(option);
      }
    });
    box.addEventListener("blur", function () {
      window.clearTimeout(timer);
      close();
      if (!box.value.trim()) {
        if (hidden.value) {
          box.setAttribute("data-autocomplete-label", "");
          hidden.value = "";
          hidden.dispatchEvent(new Event("change", {bubbles: true}));
        }
      } else {
        box.value = box.getAttribute("data-autocomplete-label") || "";  // typed but not picked: as it was
      }
    });
  }

  function scan(root) {
    if (root.matches && root.matches("[data-autocomplete]")) {
      setup(root);
    }
    Array.prototype.forEach.call(root.querySelectorAll ? root.querySelectorAll("[data-autocomplete]") : [], setup);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { scan(document); });
  } else {
    scan(document);  // loaded with a page part that htmx put in
  }
  document.addEventListener("htmx:load", function (event) { scan(event.target); });
})();
